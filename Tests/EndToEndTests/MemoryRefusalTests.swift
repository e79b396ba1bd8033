import Foundation
import Testing

/// `sweep` and `reference` refuse, like `run`, a request that would not fit in memory: before
/// anything is allocated or written, exit 2, the estimate and what is available in GB.
@Suite("Memory refusals of sweep and reference: exit 2, the estimate in GB, nothing written")
struct MemoryRefusalTests {
  static let sweep = "Tests/Fixtures/errors/sweep-not-enough-memory/sweep.yaml"

  @Test("a sweep checks every design point before it writes: the largest is refused by name, the folder never created")
  func sweepRefused() throws {
    let out = temporaryPath("sweep")
    let result = try bonesim(["sweep", Self.sweep, "--out", out, "--quiet", "--max-memory", "0.001"])
    #expect(result.status == 2, "\(result.stderr)")
    // Point 1 writes every day, point 0 every 20 days: the daily one is the largest.
    #expect(result.stderr.hasPrefix("error: design point 1 of this sweep (output_interval_days=1) needs about "), "\(result.stderr)")
    #expect(result.stderr.contains(" GB of memory (") && result.stderr.contains("but 0.00 GB is available (--max-memory)"))
    #expect(result.stderr.hasSuffix("nothing written\n"))
    #expect(!FileManager.default.fileExists(atPath: out))
    #expect(!FileManager.default.fileExists(atPath: (out as NSString).deletingLastPathComponent))
  }

  @Test("a sweep whose points fit runs, and its manifest records the largest point's estimate")
  func sweepFits() throws {
    let out = temporaryPath("sweep")
    defer { try? FileManager.default.removeItem(atPath: (out as NSString).deletingLastPathComponent) }
    let result = try bonesim(["sweep", Self.sweep, "--out", out, "--quiet", "--max-memory", "100"])
    #expect(result.status == 0, "\(result.stderr)")
    let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/manifest.json"))) as? [String: Any]
    let bytes = try #require(manifest?["memoryEstimateBytes"] as? Double)
    // Above the process's own size (tens of MB), below what was allowed.
    #expect(bytes > 10e6 && bytes < 100e9)
  }

  @Test("reference refuses a cohort that would not fit (10⁸ patients in 1 GB): exit 2, nothing on stdout, no file")
  func referenceRefused() throws {
    let out = temporaryPath("reference.csv")
    let result = try bonesim(["reference", "lemaire2004", "--patients", "100000000", "--out", out, "--max-memory", "1"])
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderr.hasPrefix("error: this reference run needs about "), "\(result.stderr)")
    #expect(result.stderr.contains("but 1.00 GB is available (--max-memory)") && result.stderr.contains("--patients"))
    #expect(result.stdout.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: (out as NSString).deletingLastPathComponent))
    // The estimate counts the cohort: 10⁸ patients × 3 states hold at least 2.4 GB of doubles.
    let gb = result.stderr.split(separator: " ").firstIndex(of: "about").map { Double(result.stderr.split(separator: " ")[$0 + 1]) ?? 0 }
    #expect((gb ?? 0) >= 2.4)
  }

  @Test("reference refuses a patient count beyond its range cleanly (exit 2, one line, no crash)")
  func referenceHugeCount() throws {
    let result = try bonesim(["reference", "lemaire2004", "--patients", "10000000000"])
    #expect(result.status == 2)
    #expect(result.stderr.hasPrefix("error: --patients must be between 1 and 100000000; got 10000000000"), "\(result.stderr)")
    #expect(result.stdout.isEmpty)
  }

  @Test("reference --max-memory must be a positive number of GB")
  func referenceMaxMemoryValidated() throws {
    let result = try bonesim(["reference", "lemaire2004", "--max-memory", "0"])
    #expect(result.status == 2)
    #expect(result.stderr.hasPrefix("error: --max-memory must be a positive number of GB; got 0.0"), "\(result.stderr)")
  }
}
