/**
 * Image registration by gradient descent, batched: {@link dev.diffvision.ops.tasks.registration.ImageRegistrator}
 * estimates, for each of B pairs of same-sized images, the transform of a
 * {@link dev.diffvision.ops.tasks.registration.MotionModel} that warps the source onto the target, coarse to fine,
 * with Levenberg-Marquardt, Adam or SGD, built only from DiffVision's ops (grid sampling, pyramids, Sobel
 * gradients, losses).
 */
package dev.diffvision.ops.tasks.registration;
