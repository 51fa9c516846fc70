/**
 * Reading and writing tensors in other libraries' file formats, so that models move between PyTorch
 * (and the Hugging Face hub) and Java: {@link dev.autograd.io.SafeTensors} for the {@code
 * .safetensors} format.
 */
package dev.autograd.io;
