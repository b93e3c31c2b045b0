# Median filter by a min/max selection network over shifted views of the zero-padded image, run on chunks of
# image planes small enough to stay in the CPU caches (one native call for the whole filter).
# x: (B, C, H, W); options: int64 on the CPU = [kh, kw, planes per chunk, rank, then comparators as triples
# (a, b, halves)]: window values indexed i * kw + j for the view shifted by (i, j); a comparator sets
# v[a] = min(v[a], v[b]) when halves has bit 1 and v[b] = max(v[a], v[b]) when it has bit 2.
# output: (B, C, H, W), v[rank] after the network.
class MedianBlur(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.MedianBlur, x: Tensor, options: Tensor) -> Tensor:
    o: List[int] = options.tolist()
    kh = o[0]
    kw = o[1]
    chunk = o[2]
    rank = o[3]
    s = x.size()
    n = s[0] * s[1]
    h = s[2]
    w = s[3]
    planes = torch.constant_pad_nd(torch.reshape(x, [n, h, w]), [kw // 2, kw // 2, kh // 2, kh // 2], 0.0)
    outs: List[Tensor] = []
    for start in range(0, n, chunk):
      part = torch.slice(planes, 0, start, min(start + chunk, n))
      v: List[Tensor] = []
      for i in range(kh):
        rows = torch.slice(part, 1, i, i + h)
        for j in range(kw):
          v.append(torch.slice(rows, 2, j, j + w))
      for t in range(4, len(o), 3):
        a = o[t]
        b = o[t + 1]
        halves = o[t + 2]
        va = v[a]
        vb = v[b]
        if halves & 1:
          v[a] = torch.minimum(va, vb)
        if halves & 2:
          v[b] = torch.maximum(va, vb)
      outs.append(v[rank])
    return torch.reshape(torch.cat(outs, 0), s)
