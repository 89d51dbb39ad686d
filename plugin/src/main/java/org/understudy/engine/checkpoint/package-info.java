/**
 * Reading model files, shared by every model the engine loads.
 *
 * <ul>
 *   <li>{@link org.understudy.engine.checkpoint.Checkpoint}: open a file, find what it is (torch zip
 *       or safetensors; GPT, SoVITS or plain weights), get tensors by key and config values by path.
 *   <li>{@link org.understudy.engine.checkpoint.Tensor}: type, shape, strides over the mapped bytes;
 *       float16/bfloat16 are widened only when asked ({@link org.understudy.engine.checkpoint.Float16}).
 *   <li>{@link org.understudy.engine.checkpoint.MappedZip}: PyTorch's zip container, including the
 *       GPT-SoVITS files whose {@code PK} is overwritten with a version code.
 *   <li>{@code TorchPickle} and {@code Safetensors} (package-private): the two formats' readers.
 * </ul>
 *
 * <p>Every problem is a {@link org.understudy.engine.checkpoint.CheckpointException} naming the
 * file. Formats: {@code shared/research/gpt-sovits.md} §5.6 and §6.3, {@code java-deps.md} §3.
 */
package org.understudy.engine.checkpoint;
