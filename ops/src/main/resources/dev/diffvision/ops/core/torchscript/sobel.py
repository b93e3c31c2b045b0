# Kornia's sobel magnitude, sqrt(scale^2 (gx^2 + gy^2) + eps), with the 3x3 Sobel kernels applied as
# separable sums of shifted views of the replicate-padded image. Runs on chunks of image planes small enough
# that the padded chunk and its partial sums stay in the CPU caches (one native call for the whole op).
# The magnitude is two addcmul into one fresh buffer starting from eps, then an in-place square root.
# x: (B, C, H, W); options: float64 on the CPU = [scale^2 (1/64 for L1-normalised kernels, else 1), eps,
# planes per chunk].
# output: (B, C, H, W).
class Sobel(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.Sobel, x: Tensor, options: Tensor) -> Tensor:
    o: List[float] = options.tolist()
    chunk = int(o[2])
    s = x.size()
    n = s[0] * s[1]
    h = s[2]
    w = s[3]
    planes = torch.reshape(x, [n, h, w])
    eps = torch.new_full(x, [], o[1])
    # without gradients each chunk's result is written into its slice of the output (out= is not differentiable)
    grad = x.requires_grad
    result = torch.empty([0], dtype=x.dtype, device=x.device)
    if not grad:
      result = torch.empty([n, h, w], dtype=x.dtype, device=x.device)
    outs: List[Tensor] = []
    for start in range(0, n, chunk):
      end = min(start + chunk, n)
      p = torch.replication_pad2d(torch.slice(planes, 0, start, end), [1, 1, 1, 1])
      left = torch.slice(p, 2, 0, w)
      right = torch.slice(p, 2, 2, w + 2)
      diff = torch.sub(right, left)
      smooth = torch.add(left, right)
      smooth.add_(torch.slice(p, 2, 1, w + 1), alpha=2)
      gx = torch.add(torch.slice(diff, 1, 0, h), torch.slice(diff, 1, 2, h + 2))
      gx.add_(torch.slice(diff, 1, 1, h + 1), alpha=2)
      gy = torch.sub(torch.slice(smooth, 1, 2, h + 2), torch.slice(smooth, 1, 0, h))
      if grad:
        t = torch.addcmul(eps, gx, gx, value=o[0])
      else:
        t = torch.addcmul(eps, gx, gx, value=o[0], out=torch.slice(result, 0, start, end))
      t.addcmul_(gy, gy, value=o[0])
      t.sqrt_()
      if grad:
        outs.append(t)
    if grad:
      result = torch.cat(outs, 0)
    return torch.reshape(result, s)
