# Kornia's pyrdown for factor 2, even sides and align_corners false, padding included. Bilinear at exactly half
# size samples at 2i + 0.5, the mean of the 2x2 block, so the 5-tap binomial blur followed by that mean is the
# 6-tap filter [1 5 10 10 5 1] / 32 per axis on the image padded by 2 with the blur's border, evaluated at even
# positions only: stride-2 row views first (half the rows), then, at half height, the even and odd columns
# (column 2j + m is column j + m // 2 of phase m % 2), weighted and accumulated in place. Runs on chunks of image
# planes small enough that the padded chunk and its partial sums stay in the CPU caches (one native call for the
# whole op).
# x: (B, C, H, W), H and W even, >= 4; options: float64 on the CPU = [border (0 reflect, 1 replicate,
# 2 circular, 3 zeros), planes per chunk, d0 .. d5 (the taps)].
# output: (B, C, H / 2, W / 2), out[i, j] = sum_m sum_n d[m] d[n] p[2i + m, 2j + n], p the padded image.
class PyrDown(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.PyrDown, x: Tensor, options: Tensor) -> Tensor:
    o: List[float] = options.tolist()
    mode = int(o[0])
    chunk = int(o[1])
    s = x.size()
    n = s[0] * s[1]
    h = s[2]
    w = s[3]
    planes = torch.reshape(x, [n, h, w])
    # without gradients each chunk's result is written into its slice of the output (out= is not differentiable)
    grad = x.requires_grad
    result = torch.empty([0], dtype=x.dtype, device=x.device)
    if not grad:
      result = torch.empty([n, h // 2, w // 2], dtype=x.dtype, device=x.device)
    outs: List[Tensor] = []
    for start in range(0, n, chunk):
      end = min(start + chunk, n)
      part = torch.slice(planes, 0, start, end)
      if mode == 0:
        p = torch.reflection_pad2d(part, [2, 2, 2, 2])
      elif mode == 1:
        p = torch.replication_pad2d(part, [2, 2, 2, 2])
      elif mode == 2:
        p = torch._pad_circular(part, [2, 2, 2, 2])
      else:
        p = torch.constant_pad_nd(part, [2, 2, 2, 2], 0.0)
      rows = torch.mul(torch.slice(p, 1, 0, h, 2), o[2])
      for m in range(1, 6):
        rows.add_(torch.slice(p, 1, m, m + h, 2), alpha=o[2 + m])
      # even and odd columns apart, so that the column taps read unit-stride views
      half = w // 2
      phases = [torch.contiguous(torch.slice(rows, 2, 0, w + 4, 2)),
                torch.contiguous(torch.slice(rows, 2, 1, w + 4, 2))]
      if grad:
        out = torch.mul(torch.slice(phases[0], 2, 0, half), o[2])
      else:
        out = torch.mul(torch.slice(phases[0], 2, 0, half), o[2], out=torch.slice(result, 0, start, end))
      for m in range(1, 6):
        out.add_(torch.slice(phases[m % 2], 2, m // 2, m // 2 + half), alpha=o[2 + m])
      if grad:
        outs.append(out)
    if grad:
      result = torch.cat(outs, 0)
    return torch.reshape(result, [s[0], s[1], h // 2, w // 2])
