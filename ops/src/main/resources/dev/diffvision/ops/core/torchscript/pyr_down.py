# Kornia's pyrdown for factor 2, even sides and align_corners false, on an image already padded by 2 per side
# with the blur's border. Bilinear at exactly half size samples at 2i + 0.5, the mean of the 2x2 block, so the
# 5-tap binomial blur followed by that mean is the 6-tap filter [1 5 10 10 5 1] / 32 per axis, evaluated at even
# positions only: stride-2 row views first (half the rows), then stride-2 column views at half resolution,
# weighted and accumulated in place.
# x: (*, H + 4, W + 4), H and W even; options: float64 on the CPU = [d0 .. d5] (the 6 taps).
# output: (*, H / 2, W / 2), out[i, j] = sum_m sum_n d[m] d[n] x[2i + m, 2j + n].
class PyrDown(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.PyrDown, x: Tensor, options: Tensor) -> Tensor:
    d: List[float] = options.tolist()
    h = x.size(-2) - 4
    w = x.size(-1) - 4
    rows = torch.mul(torch.slice(x, -2, 0, h, 2), d[0])
    for m in range(1, 6):
      rows.add_(torch.slice(x, -2, m, m + h, 2), alpha=d[m])
    out = torch.mul(torch.slice(rows, -1, 0, w, 2), d[0])
    for n in range(1, 6):
      out.add_(torch.slice(rows, -1, n, n + w, 2), alpha=d[n])
    return out
