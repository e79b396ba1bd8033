import Foundation
import Testing

/// The package root (two folders above this file).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

/// Result of one `bonesim` invocation.
struct ProcessResult {
  var status: Int32
  var stdout: String
  var stderr: String
  /// `.uncaughtSignal` when a signal ended the process (`status` is then the signal).
  var reason: Process.TerminationReason = .exit

  /// Ended by `signal` (SIGKILL: killed).
  func killed(by signal: Int32 = SIGKILL) -> Bool { reason == .uncaughtSignal && status == signal }
}

/// The `bonesim` built with the tests (`swift build --build-tests` builds every product): the
/// one beside the test bundle first, so a build with another `--scratch-path` (the sanitizer
/// builds of tools/ci/sanitizers.sh) runs its own executable.
func bonesimExecutable() throws -> URL {
  let testBundle = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
  let beside = testBundle.deletingLastPathComponent().appendingPathComponent("bonesim")
  if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
  let candidates = [".build-test/release/bonesim", ".build/debug/bonesim", ".build/release/bonesim", ".build-release/release/bonesim"]
  for c in candidates {
    let url = packageRoot.appendingPathComponent(c)
    if FileManager.default.isExecutableFile(atPath: url.path) { return url }
  }
  throw BonesimNotBuilt()
}

struct BonesimNotBuilt: Error, CustomStringConvertible {
  var description: String { "bonesim executable not found beside the tests or under .build-test, .build or .build-release; run `make test` or `swift build --build-tests` first" }
}

/// Runs `bonesim` with `arguments` in `directory` (default: the package root), with
/// `environment` added to this process's.
func bonesim(_ arguments: [String], in directory: URL = packageRoot, environment: [String: String] = [:]) throws -> ProcessResult {
  let process = Process()
  process.executableURL = try bonesimExecutable()
  process.arguments = arguments
  process.currentDirectoryURL = directory
  if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
  let out = Pipe(), err = Pipe()
  process.standardOutput = out
  process.standardError = err
  try process.run()
  // Read both pipes before waiting, so a full pipe cannot block the child.
  let outData = out.fileHandleForReading.readDataToEndOfFile()
  let errData = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return ProcessResult(
    status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
    stderr: String(decoding: errData, as: UTF8.self), reason: process.terminationReason)
}

/// A fresh temporary folder path (not created).
func temporaryPath(_ name: String) -> String {
  FileManager.default.temporaryDirectory.appendingPathComponent("bonesim-e2e-\(UUID().uuidString)").appendingPathComponent(name).path
}

func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
