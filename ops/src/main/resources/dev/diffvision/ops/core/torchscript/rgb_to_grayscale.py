# Weighted sum of the three channels as one batched matrix product (one pass over the image).
# x: (*, 3, H, W); w: (3,), x's dtype and device. output: (*, 1, H, W).
class RgbToGrayscale(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.RgbToGrayscale, x: Tensor, w: Tensor) -> Tensor:
    s = x.size()
    h = s[-2]
    wd = s[-1]
    out = torch.matmul(torch.reshape(w, [1, 3]), torch.reshape(x, [-1, 3, h * wd]))
    shape = s[:-3]
    shape.append(1)
    shape.append(h)
    shape.append(wd)
    return torch.reshape(out, shape)
