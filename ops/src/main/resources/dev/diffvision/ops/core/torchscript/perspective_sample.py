# Kornia's warp_perspective after the matrix is normalised and inverted, in one call: on chunks of images, the
# sampling grid transform_points(m, create_meshgrid(h, w)) is built and handed to ATen's grid_sampler at once,
# so a chunk's grid stays in the CPU caches instead of a (B, h, w, 2) grid streaming through main memory.
# Per output pixel, with (x, y) from the axes: (X, Y, Z) = m (x, y, 1), summed as t + b y + a x per row of m (the
# order of the unfused grid); then, as convert_points_from_homogeneous, (X, Y) / (Z + eps) where |Z| > eps and
# (X, Y) unchanged elsewhere (the guarded denominator keeps the gradient finite there).
# x: (B, C, H, W); m: (B, 3, 3) in x's dtype; xs: (w,) and ys: (h,) the normalised axes in x's dtype;
# options: float64 on the CPU = [interpolation, padding, align_corners (0/1), images per chunk, eps].
# output: (B, C, h, w). Differentiable in x and m.
class PerspectiveSample(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.PerspectiveSample, x: Tensor, m: Tensor, xs: Tensor, ys: Tensor, options: Tensor) -> Tensor:
    o: List[float] = options.tolist()
    mode = int(o[0])
    padding = int(o[1])
    align = o[2] == 1.0
    chunk = int(o[3])
    eps = o[4]
    n = x.size(0)
    cols = torch.reshape(xs, [1, 1, -1])
    rows = torch.reshape(ys, [1, -1, 1])
    outs: List[Tensor] = []
    for start in range(0, n, chunk):
      end = min(start + chunk, n)
      mc = torch.slice(m, 0, start, end)
      coords: List[Tensor] = []
      for r in range(3):
        a = torch.reshape(torch.select(torch.select(mc, 1, r), 1, 0), [-1, 1, 1])
        b = torch.reshape(torch.select(torch.select(mc, 1, r), 1, 1), [-1, 1, 1])
        t = torch.reshape(torch.select(torch.select(mc, 1, r), 1, 2), [-1, 1, 1])
        coords.append(torch.add(torch.add(t, torch.mul(rows, b)), torch.mul(cols, a)))
      z = coords[2]
      mask = torch.gt(torch.abs(z), eps)
      ones = torch.ones_like(z)
      scale = torch.where(mask, torch.reciprocal(torch.add(torch.where(mask, z, ones), eps)), ones)
      grid = torch.stack([torch.mul(coords[0], scale), torch.mul(coords[1], scale)], 3)
      outs.append(torch.grid_sampler(torch.slice(x, 0, start, end), grid, mode, padding, align))
    if len(outs) == 1:
      return outs[0]
    return torch.cat(outs, 0)
