# Separable cross-correlation with one row kernel and one column kernel, padding included, as weighted sums of
# shifted views accumulated in place (libtorch's convolutions are slow for one channel). Runs on chunks of image
# planes small enough that the padded chunk and its partial sums stay in the CPU caches (one native call for the
# whole op).
# Box kernels (all taps of an axis equal) take a shorter road: the k shifted views summed by doubling (window_sum)
# and the product of the two tap values applied once at the end.
# x: (B, C, H, W); options: float64 on the CPU = [kw, kh, border (0 reflect, 1 replicate, 2 circular, 3 zeros),
# planes per chunk, top, bottom, left, right (the padding, top + bottom = kh - 1, left + right = kw - 1),
# kx (kw taps), ky (kh taps)].
# output: (B, C, H, W), out[y, x] = sum_i sum_j ky[i] kx[j] p[y + i, x + j], p the padded image.
class SeparableCorrelate(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.SeparableCorrelate, x: Tensor, options: Tensor) -> Tensor:
    o: List[float] = options.tolist()
    kw = int(o[0])
    kh = int(o[1])
    mode = int(o[2])
    chunk = int(o[3])
    pad = [int(o[6]), int(o[7]), int(o[4]), int(o[5])]
    s = x.size()
    n = s[0] * s[1]
    h = s[2]
    w = s[3]
    planes = torch.reshape(x, [n, h, w])
    box = True
    for j in range(1, kw + kh):
      if o[8 + j] != (o[8] if j < kw else o[8 + kw]):
        box = False
    # without gradients each chunk's result is written into its slice of the output (out= is not differentiable)
    grad = x.requires_grad
    result = torch.empty([0], dtype=x.dtype, device=x.device)
    if not grad:
      result = torch.empty([n, h, w], dtype=x.dtype, device=x.device)
    outs: List[Tensor] = []
    for start in range(0, n, chunk):
      end = min(start + chunk, n)
      part = torch.slice(planes, 0, start, end)
      dst = torch.slice(result, 0, start, end)
      if mode == 0:
        p = torch.reflection_pad2d(part, pad)
      elif mode == 1:
        p = torch.replication_pad2d(part, pad)
      elif mode == 2:
        p = torch._pad_circular(part, pad)
      else:
        p = torch.constant_pad_nd(part, pad, 0.0)
      if box:
        sums = self.window_sum(self.window_sum(p, 2, kw, w), 1, kh, h)
        if grad:
          out = torch.mul(sums, o[8] * o[8 + kw])
        else:
          out = torch.mul(sums, o[8] * o[8 + kw], out=dst)
      else:
        rows = torch.mul(torch.slice(p, 2, 0, w), o[8])
        for j in range(1, kw):
          rows.add_(torch.slice(p, 2, j, j + w), alpha=o[8 + j])
        if grad:
          out = torch.mul(torch.slice(rows, 1, 0, h), o[8 + kw])
        else:
          out = torch.mul(torch.slice(rows, 1, 0, h), o[8 + kw], out=dst)
        for i in range(1, kh):
          out.add_(torch.slice(rows, 1, i, i + h), alpha=o[8 + kw + i])
      if grad:
        outs.append(out)
    if grad:
      result = torch.cat(outs, 0)
    return torch.reshape(result, s)
  def window_sum(self: __torch__.SeparableCorrelate, p: Tensor, dim: int, k: int, n: int) -> Tensor:
    # sum_{j < k} p[j : j + n] along dim by doubling: s holds sums of span consecutive slices, and the spans in
    # k's binary expansion are added up (3 additions for k = 5 instead of 4).
    terms: List[Tensor] = []
    s = p
    span = 1
    offset = 0
    rest = k
    while rest > 0:
      if rest % 2 == 1:
        terms.append(torch.slice(s, dim, offset, offset + n))
        offset += span
      rest = rest // 2
      if rest > 0:
        m = s.size(dim)
        s = torch.add(torch.slice(s, dim, 0, m - span), torch.slice(s, dim, span, m))
        span *= 2
    acc = terms[0]
    if len(terms) > 1:
      acc = torch.add(terms[0], terms[1])
      for t in terms[2:]:
        acc.add_(t)
    return acc
