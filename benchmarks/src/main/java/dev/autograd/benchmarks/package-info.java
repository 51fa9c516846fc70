/**
 * The workloads of the side-by-side comparison with PyTorch ({@code benchmarks/run.sh} runs {@link
 * dev.autograd.benchmarks.Harness} and the PyTorch reference script with the same thread count and
 * prints the ratios), data-parallel training on Spark in local mode ({@link
 * dev.autograd.benchmarks.SparkBenchmark}, {@code benchmarks/run.sh --spark}; Spark in provided
 * scope, on the class path run.sh builds), and JMH benchmarks of single kernels. Not part of the
 * test suite and not installed.
 */
package dev.autograd.benchmarks;
