# ATen's resampling kernels behind torch.nn.functional.interpolate(input, size=(h, w), mode=..., align_corners=...)
# for 4-D input (no scale factors: the output size alone fixes the source positions, as F.interpolate with size=).
# x: (B, C, H, W); options: int64 (4,) on the CPU = [mode (0 bilinear, 1 nearest, 2 bicubic, 3 area), h, w,
# align_corners (0/1; ignored by nearest and area)]. Area is adaptive_avg_pool2d, as F.interpolate(mode='area').
class Interpolate(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.Interpolate, x: Tensor, options: Tensor) -> Tensor:
    mode = int(options[0])
    size = [int(options[1]), int(options[2])]
    align = bool(options[3])
    if mode == 0:
      out = torch.upsample_bilinear2d(x, size, align, None, None)
    elif mode == 1:
      out = torch.upsample_nearest2d(x, size, None, None)
    elif mode == 2:
      out = torch.upsample_bicubic2d(x, size, align, None, None)
    else:
      out = torch.adaptive_avg_pool2d(x, size)
    return out
