# ATen's non-constant 2-D padding of the last two dimensions of a tensor of any rank >= 2.
# x: (*, H, W); options: int64 (5,) on the CPU = [mode (0 reflect, 1 replicate, 2 circular), left, right, top, bottom].
# The leading dimensions are folded into one so that the 3-D kernels accept every rank.
class Pad2d(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.Pad2d, x: Tensor, options: Tensor) -> Tensor:
    mode = int(options[0])
    pad = [int(options[1]), int(options[2]), int(options[3]), int(options[4])]
    sizes = x.size()
    lead = sizes[:-2]
    n = 1
    for d in lead:
      n = n * d
    planes = torch.reshape(x, [n, sizes[-2], sizes[-1]])
    if mode == 0:
      padded = torch.reflection_pad2d(planes, pad)
    elif mode == 1:
      padded = torch.replication_pad2d(planes, pad)
    else:
      padded = torch._pad_circular(planes, pad)
    lead.append(padded.size(-2))
    lead.append(padded.size(-1))
    return torch.reshape(padded, lead)
