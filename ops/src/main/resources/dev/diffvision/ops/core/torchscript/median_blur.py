# Rank filter by a min/max program over the zero-padded image (filters/WindowSelection: columns sorted once,
# blocks of neighbouring columns merged once, shared between windows), run on chunks of image planes small
# enough to stay in the CPU caches (one native call for the whole filter).
# x: (B, C, H, W); options: int64 on the CPU = [kh, kw, planes per chunk, output slot, output shift, slots,
# then instructions as 6-tuples (op, dst, a, shift a, b, shift b)]: slots 0 .. kh - 1 start as the kh
# row-shifted views of the padded chunk (N, H, W + kw - 1); an instruction sets slot dst to the min (op 0) or
# max (op 1) of slot a from column shift a on and slot b from column shift b on, cut to the common width.
# output: (B, C, H, W), the output slot from the output shift on, cut to W.
class MedianBlur(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.MedianBlur, x: Tensor, options: Tensor) -> Tensor:
    o: List[int] = options.tolist()
    kh = o[0]
    kw = o[1]
    chunk = o[2]
    result = o[3]
    shift = o[4]
    slots = o[5]
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
        v.append(torch.slice(part, 1, i, i + h))
      for i in range(kh, slots):
        v.append(part)
      for t in range(6, len(o), 6):
        a = v[o[t + 2]]
        sa = o[t + 3]
        b = v[o[t + 4]]
        sb = o[t + 5]
        width = min(a.size(2) - sa, b.size(2) - sb)
        a = torch.slice(a, 2, sa, sa + width)
        b = torch.slice(b, 2, sb, sb + width)
        if o[t] == 0:
          v[o[t + 1]] = torch.minimum(a, b)
        else:
          v[o[t + 1]] = torch.maximum(a, b)
      outs.append(torch.slice(v[result], 2, shift, shift + w))
    return torch.reshape(torch.cat(outs, 0), s)
