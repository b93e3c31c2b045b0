# torch.linalg.eigh(A, UPLO="L").
# A: (*, N, N) symmetric -> eigenvalues (*, N) ascending, eigenvectors (*, N, N) as columns.
class Eigh(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.Eigh, a: Tensor) -> Tuple[Tensor, Tensor]:
    return torch.linalg_eigh(a, "L")
