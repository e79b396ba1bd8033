import Foundation
import Testing

/// Every case of the error catalogue (`Tests/Fixtures/errors/`, listed in docs/ERRORS.md):
/// the built `bonesim` prints exactly the expected message, exits with the expected code and
/// writes nothing; a broken scenario is rejected the same way by `bonesim check`.
@Suite("Error catalogue: one clear message per problem, exit code, nothing written")
struct ErrorCatalogueTests {
  static var cases: [ErrorCase] { (try? ErrorCase.all()) ?? [] }

  @Test("the catalogue is there and every case.txt reads")
  func catalogue() throws {
    let cases = try ErrorCase.all()
    #expect(cases.count >= 18, "found \(cases.map(\.slug))")
    for c in cases {
      #expect([1, 2, 130, 143].contains(c.exitCode), "\(c.slug): exit must be 2 (input), 1 (runtime) or 130/143 (interrupted)")
      #expect(!c.stderr.isEmpty, "\(c.slug): stderr.txt is empty")
    }
  }

  @Test("exact standard error, exit code, nothing written", arguments: ErrorCatalogueTests.cases.filter { !$0.custom })
  func errorCase(_ c: ErrorCase) throws {
    let out = temporaryPath("out")
    let result = try bonesim(c.command.map { c.substitute($0, out: out) })
    #expect(result.status == c.exitCode, "\(c.slug): stderr was \(result.stderr)")
    #expect(result.stderr == c.substitute(c.stderr, out: out))
    #expect(!FileManager.default.fileExists(atPath: out), "\(c.slug): something was written at {out}")
    if let scenario = c.checkedScenario {
      let check = try bonesim(["check", c.substitute(scenario, out: out)])
      #expect(check.status == 2)
      #expect(check.stderr == c.substitute(c.stderr, out: out))
    }
  }

  @Test("docs/ERRORS.md is generated from the case folders (tools/errors/make_catalogue.py)")
  func catalogueDocumentInSync() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "tools/errors/make_catalogue.py", "--stdout"]
    process.currentDirectoryURL = packageRoot
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let generated = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let committed = try read(packageRoot.appendingPathComponent("docs/ERRORS.md").path)
    #expect(generated == committed, "docs/ERRORS.md is stale: run tools/errors/make_catalogue.py")
  }
}
