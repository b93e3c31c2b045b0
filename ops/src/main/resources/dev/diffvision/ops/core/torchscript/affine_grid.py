# ATen's affine grid generator (torch.nn.functional.affine_grid for 2-D).
# theta: (B, 2, 3); options: int64 (5,) on the CPU = [B, C, H, W, align_corners (0/1)].
# output: (B, H, W, 2), the (x, y) sampling positions in [-1, 1].
class AffineGrid(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.AffineGrid, theta: Tensor, options: Tensor) -> Tensor:
    size = [int(options[0]), int(options[1]), int(options[2]), int(options[3])]
    return torch.affine_grid_generator(theta, size, bool(options[4]))
