# ATen's grid sampler (torch.nn.functional.grid_sample on 4-D or 5-D input).
# input: (B, C, H, W) or (B, C, D, H, W); grid: (B, Hout, Wout, 2) or (B, Dout, Hout, Wout, 3), same dtype; options: int64 (3,) on the CPU =
# [interpolation (0 bilinear, 1 nearest, 2 bicubic), padding (0 zeros, 1 border, 2 reflection), align_corners (0/1)].
class GridSample(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.GridSample, input: Tensor, grid: Tensor, options: Tensor) -> Tensor:
    return torch.grid_sampler(input, grid, int(options[0]), int(options[1]), bool(options[2]))
