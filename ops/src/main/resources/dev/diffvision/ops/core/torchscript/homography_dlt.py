# Homography.findHomographyDlt in one call, float64 inside: Hartley normalisation of both point sets in planar
# (B, 2, N) layout, the weighted normal matrix A^T W A (B, 9, 9) from the moments M_k = sum_n w_n q_k p p^T
# (p = (x, y, 1), q = (1, u, v, u^2 + v^2); one batched product of q with the 6 distinct entries of p p^T)
# gathered into the blocks [[M_0, 0, -M_u], [0, M_0, -M_v], [-M_u, -M_v, M_uv]], the solve, the
# de-normalisation and the division by H[2, 2] + eps.
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
    one = torch.ones_like(torch.slice(src, 1, 0, 1))
    # the distinct entries of p p^T: (x^2, y^2, xy, x, y, 1)
    outer = torch.cat([torch.square(src), torch.mul(torch.slice(src, 1, 0, 1), torch.slice(src, 1, 1, 2)), src,
                       one], 1)
    q = torch.cat([one, dst, torch.sum(torch.square(dst), [1], True)], 1)
    if torch.numel(weights) > 0:
      q = torch.mul(q, torch.unsqueeze(torch.to(weights, 7), 1))
    moments = torch.reshape(torch.matmul(q, torch.transpose(outer, 1, 2)), [b, 24])
    # entry (3a + i, 3b + j) of A^T W A is +-(moment k of block (a, b))[i, j]: index 6k + t(i, j) of the moments,
    # 24 more for the negated copy, 48 for zero (t: the position of p_i p_j in outer)
    signed = torch.cat([moments, torch.neg(moments), torch.zeros_like(torch.slice(moments, 1, 0, 1))], 1)
    blocks = torch.tensor([0, 2, 3, 48, 48, 48, 30, 32, 33, 2, 1, 4, 48, 48, 48, 32, 31, 34, 3, 4, 5, 48, 48, 48,
                           33, 34, 35, 48, 48, 48, 0, 2, 3, 36, 38, 39, 48, 48, 48, 2, 1, 4, 38, 37, 40, 48, 48, 48,
                           3, 4, 5, 39, 40, 41, 30, 32, 33, 36, 38, 39, 18, 20, 21, 32, 31, 34, 38, 37, 40, 20, 19,
                           22, 33, 34, 35, 39, 40, 41, 21, 22, 23], dtype=4, device=moments.device)
    gram = torch.reshape(torch.index_select(signed, 1, blocks), [b, 9, 9])
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
