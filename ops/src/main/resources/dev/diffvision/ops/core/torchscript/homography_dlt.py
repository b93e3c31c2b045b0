# Homography.findHomographyDlt's float64 arithmetic in one call (it was about 35 native calls): Hartley
# normalisation of both point sets in planar (B, 2, N) layout, the weighted normal matrix A^T W A (B, 9, 9) from
# the moments M_k = sum_n w_n q_k p p^T (p = (x, y, 1), q = (1, u, v, u^2 + v^2)) placed into the blocks
# [[M_0, 0, -M_u], [0, M_0, -M_v], [-M_u, -M_v, M_uv]], the solve, the de-normalisation and the division by
# H[2, 2] + eps.
# points1, points2: (B, N, 2) float32/float64; weights: (B, N) float32/float64, or an empty tensor for all 1;
# options: float64 on the CPU = [solver (0: LU of the 8-unknown normal equations, H[2, 2] = 1; 1: the
# eigenvector of the smallest eigenvalue of A^T W A), eps, sqrt(2), sqrt(1/2)].
# output: H (B, 3, 3) float64.
class HomographyDlt(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.HomographyDlt, points1: Tensor, points2: Tensor, weights: Tensor,
              options: Tensor) -> Tensor:
    o: List[float] = options.tolist()
    src, t1, inv1 = self.normalized(points1, o)
    dst, t2, inv2 = self.normalized(points2, o)
    b = src.size(0)
    n = src.size(2)
    one = torch.ones_like(torch.slice(src, 1, 0, 1))
    p = torch.cat([src, one], 1)
    q = torch.cat([one, dst, torch.sum(torch.square(dst), [1], True)], 1)
    if torch.numel(weights) > 0:
      q = torch.mul(q, torch.unsqueeze(torch.to(weights, 7), 1))
    products = torch.reshape(torch.mul(torch.unsqueeze(q, 2), torch.unsqueeze(p, 1)), [b, 12, n])
    moments = torch.reshape(torch.matmul(p, torch.transpose(products, 1, 2)), [b, 3, 4, 3])
    m0 = torch.select(moments, 2, 0)
    mu = torch.neg(torch.select(moments, 2, 1))
    mv = torch.neg(torch.select(moments, 2, 2))
    zero = torch.zeros_like(m0)
    gram = torch.cat([torch.cat([m0, zero, mu], 2), torch.cat([zero, m0, mv], 2),
                      torch.cat([mu, mv, torch.select(moments, 2, 3)], 2)], 1)
    if o[0] < 0.5:
      top = torch.slice(gram, 1, 0, 8)
      flat = torch.squeeze(torch.linalg_solve(torch.slice(top, 2, 0, 8), torch.neg(torch.slice(top, 2, 8, 9))), -1)
      h = torch.reshape(torch.cat([flat, torch.ones_like(torch.slice(flat, 1, 0, 1))], 1), [b, 3, 3])
    else:
      values, vectors = torch.linalg_eigh(gram, "L")
      h = torch.reshape(torch.select(vectors, 2, 0), [b, 3, 3])
    d = torch.matmul(torch.matmul(inv2, h), t1)
    return torch.div(d, torch.add(torch.slice(torch.slice(d, 1, 2, 3), 2, 2, 3), o[1]))
  def normalized(self: __torch__.HomographyDlt, points: Tensor, o: List[float]) -> Tuple[Tensor, Tensor, Tensor]:
    planar = torch.contiguous(torch.transpose(torch.to(points, 7), 1, 2))
    mean = torch.mean(planar, [-1], True)
    centered = torch.sub(planar, mean)
    spread = torch.add(torch.mean(torch.sqrt(torch.sum(torch.square(centered), [1])), [-1]), o[1])
    scale = torch.div(torch.new_full(spread, [], o[2]), spread)
    mx = torch.select(torch.select(mean, 1, 0), 1, 0)
    my = torch.select(torch.select(mean, 1, 1), 1, 0)
    zeros = torch.zeros_like(scale)
    ones = torch.ones_like(scale)
    shrink = torch.neg(scale)
    transform = torch.reshape(torch.stack([scale, zeros, torch.mul(shrink, mx), zeros, scale, torch.mul(shrink, my),
                                           zeros, zeros, ones], -1), [-1, 3, 3])
    grow = torch.mul(spread, o[3])
    inverse = torch.reshape(torch.stack([grow, zeros, mx, zeros, grow, my, zeros, zeros, ones], -1), [-1, 3, 3])
    return (torch.mul(centered, torch.reshape(scale, [-1, 1, 1])), transform, inverse)
