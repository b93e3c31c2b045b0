# ATen's im2col (torch.nn.functional.unfold).
# x: (B, C, H, W); options: int64 (8,) on the CPU = [kh, kw, dilation_h, dilation_w, pad_h, pad_w, stride_h, stride_w].
# output: (B, C * kh * kw, L), L the number of window positions.
class Im2col(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.Im2col, x: Tensor, options: Tensor) -> Tensor:
    kernel = [int(options[0]), int(options[1])]
    dilation = [int(options[2]), int(options[3])]
    padding = [int(options[4]), int(options[5])]
    stride = [int(options[6]), int(options[7])]
    return torch.im2col(x, kernel, dilation, padding, stride)
