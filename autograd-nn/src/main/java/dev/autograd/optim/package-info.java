/**
 * Optimizers, gradient clipping and learning-rate schedulers in the manner of {@code torch.optim}
 * (PyTorch 1.13's update formulas and defaults, stated in each class's documentation).
 *
 * <p>The tutorial's gradient descent on {@code f(x) = x^2}:
 *
 * <pre>{@code
 * Tensor x = Tensor.scalar(3.0).requiresGrad(true);
 * Optimizer optimizer = new SGD(List.of(x), 0.1);
 * List<Double> lossHistory = new ArrayList<>();
 * for (int epoch = 0; epoch < 10; epoch++) {
 *   optimizer.zeroGrad();
 *   Tensor loss = x.pow(2);
 *   loss.backward();
 *   optimizer.step();
 *   lossHistory.add(loss.item()); // 9.0, 5.76, 3.6864, ... = 9 * 0.64^epoch
 * }
 * }</pre>
 *
 * <p>In a full training loop the calls come in this order: clear the gradients, compute the loss,
 * {@code backward()}, optionally clip, step the optimizer; and once per epoch, step the scheduler.
 *
 * <pre>{@code
 * Optimizer optimizer = SGD.builder(model.parameters()).lr(0.1).momentum(0.9).build();
 * LRScheduler scheduler = new StepLR(optimizer, 30, 0.1);
 * for (int epoch = 0; epoch < 90; epoch++) {
 *   for (Batch batch : batches) {
 *     optimizer.zeroGrad();
 *     Tensor loss = criterion.forward(model.forward(batch.x()), batch.y());
 *     loss.backward();
 *     ClipGrad.clipGradNorm(model.parameters(), 1.0);
 *     optimizer.step();
 *   }
 *   scheduler.step();
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.autograd.optim.Optimizer} and its {@link dev.autograd.optim.ParamGroup}s; {@link
 *       dev.autograd.optim.SGD}, {@link dev.autograd.optim.Adam}, {@link dev.autograd.optim.AdamW},
 *       {@link dev.autograd.optim.RMSprop}, {@link dev.autograd.optim.Adagrad}, each built by a
 *       constructor or a builder ({@code SGD.builder(params).lr(0.1).momentum(0.9).build()});
 *   <li>{@link dev.autograd.optim.ClipGrad}: {@code clip_grad_norm_} and {@code clip_grad_value_};
 *   <li>schedulers: {@link dev.autograd.optim.StepLR}, {@link dev.autograd.optim.ExponentialLR},
 *       {@link dev.autograd.optim.CosineAnnealingLR}, {@link dev.autograd.optim.MultiStepLR},
 *       {@link dev.autograd.optim.LambdaLR}, {@link dev.autograd.optim.MultiplicativeLR}, {@link
 *       dev.autograd.optim.LinearLR}, {@link dev.autograd.optim.ConstantLR}, {@link
 *       dev.autograd.optim.PolynomialLR}, {@link dev.autograd.optim.CosineAnnealingWarmRestarts}
 *       (all {@link dev.autograd.optim.LRScheduler}s), {@link dev.autograd.optim.SequentialLR} and
 *       {@link dev.autograd.optim.ChainedScheduler}, which combine them (all {@link
 *       dev.autograd.optim.EpochScheduler}s), and {@link dev.autograd.optim.ReduceLROnPlateau}.
 * </ul>
 */
package dev.autograd.optim;
