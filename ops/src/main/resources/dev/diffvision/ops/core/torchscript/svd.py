# torch.linalg.svd(A, full_matrices=False).
# A: (*, M, N) -> U (*, M, K), S (*, K) descending, Vh (*, K, N); K = min(M, N).
class Svd(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.Svd, a: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
    return torch.linalg_svd(a, False)
