# Separable cross-correlation of an already padded image with one row kernel and one column kernel, as
# weighted sums of shifted views accumulated in place (libtorch's convolutions are slow for one channel).
# x: (*, H + kh - 1, W + kw - 1); options: float64 on the CPU = [kw, kh, kx (kw taps), ky (kh taps)].
# output: (*, H, W), out[y, x] = sum_i sum_j ky[i] kx[j] x[y + i, x + j].
class SeparableCorrelate(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.SeparableCorrelate, x: Tensor, options: Tensor) -> Tensor:
    o: List[float] = options.tolist()
    kw = int(o[0])
    kh = int(o[1])
    w = x.size(-1) - kw + 1
    h = x.size(-2) - kh + 1
    rows = torch.mul(torch.slice(x, -1, 0, w), o[2])
    for j in range(1, kw):
      rows.add_(torch.slice(x, -1, j, j + w), alpha=o[2 + j])
    out = torch.mul(torch.slice(rows, -2, 0, h), o[2 + kw])
    for i in range(1, kh):
      out.add_(torch.slice(rows, -2, i, i + h), alpha=o[2 + kw + i])
    return out
