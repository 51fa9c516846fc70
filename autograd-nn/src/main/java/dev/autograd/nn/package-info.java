/**
 * Neural-network building blocks in the manner of {@code torch.nn}: {@link dev.autograd.nn.Module}
 * and its layers, activations and losses, and the file format models are saved in.
 *
 * <p>A model is a tree of modules. Each maps a tensor to a tensor with {@code forward}; the ops it
 * runs on its parameters are recorded, so {@code loss.backward()} fills every parameter's {@code
 * grad()} and an optimizer from {@link dev.autograd.optim} can update them. Batches come first: a
 * layer maps {@code [N, in]} to {@code [N, out]}, one row per example.
 *
 * <pre>{@code
 * // fit y = 2x + 1 on [-1, 1]
 * Tensor.manualSeed(0);
 * Module model = new Sequential(new Linear(1, 16), new Tanh(), new Linear(16, 1));
 * Loss criterion = new MSELoss();
 * Optimizer optimizer = new Adam(model.parameters(), 0.05);
 * Tensor x = Tensor.linspace(-1, 1, 32).reshape(32, 1); // [N, 1]
 * Tensor y = x.mul(2).add(1);                          // [N, 1]
 * for (int epoch = 0; epoch < 200; epoch++) {
 *   optimizer.zeroGrad();
 *   Tensor loss = criterion.forward(model.forward(x), y);
 *   loss.backward();
 *   optimizer.step();
 * }                                    // the loss is now below 1e-3
 * model.save(Path.of("model.agsd"));  // and load(Path) on a model of the same layers reads it
 * }</pre>
 *
 * <ul>
 *   <li>structure: {@link dev.autograd.nn.Module}, {@link dev.autograd.nn.Sequential};
 *   <li>layers: {@link dev.autograd.nn.Linear}, {@link dev.autograd.nn.Flatten}, {@link
 *       dev.autograd.nn.Dropout}, {@link dev.autograd.nn.Identity};
 *   <li>initialisation: {@link dev.autograd.nn.Init} ({@code torch.nn.init});
 *   <li>activations: {@link dev.autograd.nn.ReLU}, {@link dev.autograd.nn.LeakyReLU}, {@link
 *       dev.autograd.nn.PReLU}, {@link dev.autograd.nn.Sigmoid}, {@link dev.autograd.nn.Tanh},
 *       {@link dev.autograd.nn.GELU}, {@link dev.autograd.nn.SiLU}, {@link dev.autograd.nn.ELU},
 *       {@link dev.autograd.nn.Softplus}, {@link dev.autograd.nn.Softmax}, {@link
 *       dev.autograd.nn.LogSoftmax};
 *   <li>losses (all {@link dev.autograd.nn.Loss}es): {@link dev.autograd.nn.MSELoss}, {@link
 *       dev.autograd.nn.L1Loss}, {@link dev.autograd.nn.SmoothL1Loss}, {@link
 *       dev.autograd.nn.BCELoss}, {@link dev.autograd.nn.BCEWithLogitsLoss}, {@link
 *       dev.autograd.nn.CrossEntropyLoss}, {@link dev.autograd.nn.NLLLoss};
 *   <li>saving: {@link dev.autograd.nn.Module#save(java.nio.file.Path)} and {@link
 *       dev.autograd.nn.Module#load(java.nio.file.Path)}, in the format of {@link
 *       dev.autograd.nn.StateDictFile}; {@link dev.autograd.nn.Checkpoint} for a model's,
 *       optimizer's and schedulers' state together, to resume training.
 * </ul>
 */
package dev.autograd.nn;
