# Quantises float values in [0, 1] to 8 bits, floor(clamp(x, 0, 1) * 255 + 0.5) (round half up), with one
# allocation and in-place passes (the op-by-op form allocated a float copy per step). Written as
# floor(clamp(x * 255 + 0.5, 0.5, 255.5)): the same float roundings for x in [0, 1], 0 below, 255 above; the
# cast truncates, which is floor for these positive values. NaN becomes 0 and +-inf 255 / 0.
# x: float32 or float64, any shape; output: uint8, same shape and device.
class UnitToUint8(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.UnitToUint8, x: Tensor) -> Tensor:
    y = torch.mul(x, 255.0)
    y.add_(0.5)
    y.nan_to_num_(0.5, 255.5, 0.5)
    y.clamp_(0.5, 255.5)
    return torch.to(y, 0)
