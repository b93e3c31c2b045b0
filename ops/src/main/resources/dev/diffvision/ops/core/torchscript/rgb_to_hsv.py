# Kornia's rgb_to_hsv in one call: v = max, s = (max - min) / (max + eps), hue in radians from the channel
# differences over max - min (0 where max = min); the maximum's channel by comparisons, ties to the first.
# Runs on chunks of images small enough that each chunk and its intermediates stay in the CPU caches.
# x: (*, 3, H, W); options: float64 on the CPU = [eps, images per chunk]. output: (*, 3, H, W) = (h, s, v).
class RgbToHsv(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.RgbToHsv, x: Tensor, options: Tensor) -> Tensor:
    o: List[float] = options.tolist()
    chunk = int(o[1])
    s = x.size()
    images = torch.reshape(x, [-1, 3, s[-2], s[-1]])
    n = images.size(0)
    # without gradients each chunk's result is written into its slice of the output (out= is not differentiable)
    grad = x.requires_grad
    result = torch.empty([0], dtype=x.dtype, device=x.device)
    if not grad:
      result = torch.empty([n, 3, s[-2], s[-1]], dtype=x.dtype, device=x.device)
    outs: List[Tensor] = []
    for start in range(0, n, chunk):
      end = min(start + chunk, n)
      part = torch.slice(images, 0, start, end)
      r = torch.select(part, 1, 0)
      g = torch.select(part, 1, 1)
      b = torch.select(part, 1, 2)
      v = torch.maximum(torch.maximum(r, g), b)
      delta = torch.sub(v, torch.minimum(torch.minimum(r, g), b))
      sat = torch.div(delta, torch.add(v, o[0]))
      other = torch.where(torch.eq(g, v), torch.add(torch.sub(b, r), delta, alpha=2),
                          torch.add(torch.sub(r, g), delta, alpha=4))
      sixths = torch.where(torch.eq(r, v), torch.sub(g, b), other)
      safe = torch.add(delta, torch.eq(delta, 0.0))
      hue = torch.remainder(torch.div(sixths, torch.mul(safe, 6.0)), 1.0)
      hue.mul_(6.283185307179586)
      if grad:
        outs.append(torch.stack([hue, sat, v], 1))
      else:
        torch.stack([hue, sat, v], 1, out=torch.slice(result, 0, start, end))
    if grad:
      result = torch.cat(outs, 0)
    return torch.reshape(result, s)
