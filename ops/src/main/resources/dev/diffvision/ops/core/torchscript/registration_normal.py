# The Gauss-Newton normal equations of the photometric registration objective for a batch of projective sampling
# maps, in one call (tasks.registration.Linearization): warp the target pixel centres by each map, sample the
# moving image stacked with its frame-unit gradients bilinearly (grid_sampler, zeros, align_corners false),
# residual against the reference, IRLS weight of the loss, pixels sampled outside the moving image weighted 0, then
# the 9x9 J^T W J as 6x6 blocks (alpha beta) x (q_i q_j), J^T W r and the mean loss over the valid pixels.
# moving: (B, 3C, H, W) = image, d/du, d/dv; reference: (B, C, H, W); coordinates: (3, H W) rows u, v, 1;
# maps: (K, 3, 3), target frame -> moving frame; index: int64 (K,), the rows of moving and reference the maps
# belong to (all B in order when K = B); options: float64 on the CPU = [grid x scale, grid y scale, max |u|,
# max |v|, loss (0 l1, 1 l2, 2 charbonnier), l1 floor].
# output: float64 (K, 46) = 36 block entries (products aa ab as bb bs ss x q-products xx xy x yy y 1), the 9
# entries of J^T W r / n and the mean loss, n = valid pixels x channels (at least 1 for the first 45; the mean
# loss is 0 / 0 = NaN for a map that samples no pixel inside the moving image: no overlap, no loss).
# The products are written straight into their stacked buffers (no stack copy) and, for one channel, not summed
# over channels (a reshape): about 10% faster than stacking at 256x256, B = 16, one thread.
class RegistrationNormal(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.RegistrationNormal, moving: Tensor, reference: Tensor, coordinates: Tensor,
              maps: Tensor, index: Tensor, options: Tensor) -> Tensor:
    o: List[float] = options.tolist()
    loss = int(o[4])
    k = maps.size(0)
    c = reference.size(1)
    h = reference.size(2)
    w = reference.size(3)
    n = h * w
    if k != moving.size(0):
      moving = torch.index_select(moving, 0, index)
      reference = torch.index_select(reference, 0, index)
    p = torch.matmul(maps, coordinates)
    z = torch.select(p, 1, 2)
    inv_z = torch.reciprocal(z)
    u = torch.mul(torch.select(p, 1, 0), inv_z)
    v = torch.mul(torch.select(p, 1, 1), inv_z)
    grid = torch.reshape(torch.stack([torch.mul(u, o[0]), torch.mul(v, o[1])], -1), [k, h, w, 2])
    sampled = torch.reshape(torch.grid_sampler(moving, grid, 0, 0, False), [k, 3, c, n])
    iu = torch.select(sampled, 1, 1)
    iv = torch.select(sampled, 1, 2)
    r = torch.sub(torch.select(sampled, 1, 0), torch.reshape(reference, [k, c, n]))
    inside = torch.logical_and(torch.le(torch.abs(u), o[2] + 1e-6), torch.le(torch.abs(v), o[3] + 1e-6))
    valid = torch.unsqueeze(torch.type_as(torch.logical_and(inside, torch.gt(z, 0.0)), r), 1)
    if loss == 0:
      rho = torch.abs(r)
      weight = torch.div(valid, torch.clamp_min(rho, o[5]))
    elif loss == 1:
      rho = torch.square(r)
      weight = torch.mul(valid, 2.0)
    else:
      root = torch.sqrt(torch.add(torch.square(r), 1.0))
      weight = torch.div(valid, root)
      rho = torch.sub(root, 1.0)
    inv_z1 = torch.unsqueeze(inv_z, 1)
    a = torch.mul(iu, inv_z1)
    b = torch.mul(iv, inv_z1)
    s = torch.add(torch.mul(a, torch.unsqueeze(u, 1)), torch.mul(b, torch.unsqueeze(v, 1)))
    s.neg_()
    wa = torch.mul(weight, a)
    wb = torch.mul(weight, b)
    ws = torch.mul(weight, s)
    products = torch.new_empty(a, [k, 6, c, n])
    torch.mul(wa, a, out=torch.select(products, 1, 0))
    torch.mul(wa, b, out=torch.select(products, 1, 1))
    torch.mul(wa, s, out=torch.select(products, 1, 2))
    torch.mul(wb, b, out=torch.select(products, 1, 3))
    torch.mul(wb, s, out=torch.select(products, 1, 4))
    torch.mul(ws, s, out=torch.select(products, 1, 5))
    weighted_r = torch.new_empty(a, [k, 3, c, n])
    torch.mul(wa, r, out=torch.select(weighted_r, 1, 0))
    torch.mul(wb, r, out=torch.select(weighted_r, 1, 1))
    torch.mul(ws, r, out=torch.select(weighted_r, 1, 2))
    if c == 1:
      products = torch.reshape(products, [k, 6, n])
      weighted_r = torch.reshape(weighted_r, [k, 3, n])
    else:
      products = torch.sum(products, [2])
      weighted_r = torch.sum(weighted_r, [2])
    x = torch.select(coordinates, 0, 0)
    y = torch.select(coordinates, 0, 1)
    one = torch.select(coordinates, 0, 2)
    quadratic = torch.stack([torch.mul(x, x), torch.mul(x, y), x, torch.mul(y, y), y, one], 1)
    total = torch.mul(torch.sum(valid, [1, 2]), float(c))
    count = torch.clamp_min(total, 1.0)
    blocks = torch.reshape(torch.matmul(products, quadratic), [k, 36])
    gradient = torch.reshape(torch.matmul(weighted_r, torch.t(coordinates)), [k, 9])
    cost = torch.div(torch.sum(torch.mul(rho, valid), [1, 2]), total)
    out = torch.cat([torch.div(torch.cat([blocks, gradient], 1), torch.unsqueeze(count, 1)), torch.unsqueeze(cost, 1)], 1)
    return torch.to(out, 7)
