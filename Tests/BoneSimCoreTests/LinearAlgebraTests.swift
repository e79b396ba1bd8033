import BoneSimCore
import Testing

@Suite("Small matrices and the BLAS wrapper")
struct LinearAlgebraTests {
  @Test("solve and inverse recover a known system")
  func solve() throws {
    let a = Matrix([[4, -2, 1], [-2, 4, -2], [1, -2, 4]])
    let x = [1.0, -2.0, 3.0]
    let b = a * x
    let solved = try #require(a.solve(b))
    for i in 0..<3 { #expect(abs(solved[i] - x[i]) < 1e-14) }
    let identity = a * (try #require(a.inverse))
    #expect((identity - .identity(3)).maxNorm < 1e-14)
    #expect(Matrix([[1, 2], [2, 4]]).inverse == nil)
  }

  @Test("a pivot-requiring system is solved")
  func pivoting() throws {
    let a = Matrix([[0, 1], [1, 0]])
    let x = try #require(a.solve([2, 3]))
    #expect(x == [3, 2])
  }

  @Test("BLAS block product equals a naive loop", arguments: [(8, 3, 3), (256, 5, 5), (264, 12, 7)])
  func blockProduct(_ shape: (Int, Int, Int)) {
    let (rows, n, k) = shape
    BLAS.useSingleThread()
    let a = AlignedBuffer(count: rows * k), b = AlignedBuffer(count: n * k), c = AlignedBuffer(count: rows * n)
    let random = PatientRandom(seed: 1, patient: 0, stream: 0)
    for i in 0..<a.count { a.pointer[i] = random.uniform(UInt32(i)) - 0.5 }
    for i in 0..<b.count { b.pointer[i] = random.uniform(UInt32(10_000 + i)) - 0.5 }
    BLAS.blockTimesTransposed(rows: rows, n: n, k: k, a: a.pointer, b: b.pointer, c: c.pointer)
    var worst = 0.0
    for r in 0..<rows {
      for j in 0..<n {
        // C[r, j] = Σ_m A[r, m] · B[j, m]; A column-major (ld rows), B row-major n×k.
        var s = 0.0
        for m in 0..<k { s += a.pointer[m * rows + r] * b.pointer[j * k + m] }
        worst = max(worst, abs(c.pointer[j * rows + r] - s))
      }
    }
    #expect(worst < 1e-13)
  }

  @Test("OpenBLAS reports its core and configuration")
  func openBLASInfo() {
    #expect(!BLAS.coreName.isEmpty)
    #expect(BLAS.configuration.contains("OpenBLAS"))
  }

  @Test("aligned buffers start on a 64-byte boundary")
  func alignment() {
    for n in [1, 3, 1000] {
      let b = AlignedBuffer(count: n)
      #expect(Int(bitPattern: b.pointer) % 64 == 0)
      #expect(b.buffer.allSatisfy { $0 == 0 })
    }
  }
}
