package dev.autograd.data;

import java.util.function.Function;

/** A data set's samples passed through a function, for {@link Dataset#map(Function)}. */
final class MappedDataset<T, R> implements Dataset<R> {
  private final Dataset<T> dataset;
  private final Function<? super T, ? extends R> function;

  MappedDataset(Dataset<T> dataset, Function<? super T, ? extends R> function) {
    this.dataset = dataset;
    this.function = Checks.nonNull("Dataset.map", "function", function);
  }

  @Override
  public int size() {
    return dataset.size();
  }

  @Override
  public R get(int index) {
    return function.apply(dataset.get(index));
  }
}
