# Kornia's sobel magnitude, sqrt(scale^2 (gx^2 + gy^2) + eps), with the 3x3 Sobel kernels applied as
# separable sums of shifted views of the replicate-padded image.
# x: (B, C, H, W); options: float64 on the CPU = [scale^2 (1/64 for L1-normalised kernels, else 1), eps].
# output: (B, C, H, W).
class Sobel(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.Sobel, x: Tensor, options: Tensor) -> Tensor:
    o: List[float] = options.tolist()
    h = x.size(2)
    w = x.size(3)
    p = torch.replication_pad2d(x, [1, 1, 1, 1])
    left = torch.slice(p, 3, 0, w)
    right = torch.slice(p, 3, 2, w + 2)
    diff = torch.sub(right, left)
    smooth = torch.add(left, right)
    smooth.add_(torch.slice(p, 3, 1, w + 1), alpha=2)
    gx = torch.add(torch.slice(diff, 2, 0, h), torch.slice(diff, 2, 2, h + 2))
    gx.add_(torch.slice(diff, 2, 1, h + 1), alpha=2)
    gy = torch.sub(torch.slice(smooth, 2, 2, h + 2), torch.slice(smooth, 2, 0, h))
    t = torch.mul(gx, gx)
    t.addcmul_(gy, gy)
    t.mul_(o[0])
    t.add_(o[1])
    return torch.sqrt(t)
