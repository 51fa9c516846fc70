# A sequence model saved by PyTorch 1.13 with torch.save, for SequenceInteropTest: an embedding, a
# two-layer bidirectional LSTM (batch_first) and a transformer encoder layer, in float32, with an
# input and PyTorch's output in eval mode.
# Regenerate (from this directory): /usr/bin/python3 sequence_files.py > sequence_files.json
import json
import torch
import torch.nn as nn

torch.manual_seed(0)


class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(20, 8, padding_idx=0)
        self.lstm = nn.LSTM(8, 6, num_layers=2, bidirectional=True, batch_first=True)
        self.encoder = nn.TransformerEncoderLayer(12, 3, dim_feedforward=16, batch_first=True)
        self.head = nn.Linear(12, 5)

    def forward(self, tokens):
        x = self.embed(tokens)
        x, _ = self.lstm(x)
        return self.head(self.encoder(x))


model = Tagger().eval()
tokens = torch.tensor([[3, 7, 19, 0], [5, 5, 2, 11]])
with torch.no_grad():
    out = model(tokens)
torch.save(model.state_dict(), "pt/tagger.pt")
print(json.dumps({"source": "PyTorch " + torch.__version__ + ", sequence_files.py",
                  "keys": list(model.state_dict().keys()),
                  "tokens": tokens.reshape(-1).tolist(), "shape": list(tokens.shape),
                  "output": out.reshape(-1).tolist()}, indent=1))
