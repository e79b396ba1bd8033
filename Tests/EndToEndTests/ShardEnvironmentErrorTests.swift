import Foundation
import Testing

/// The error-catalogue cases marked `runner: custom` whose command needs scheduler variables
/// (`env.txt` in the case folder, one `NAME=value` a line): run with them set, exit 2, the
/// message of stderr.txt, nothing written.
@Suite("--shard /N errors from the scheduler's environment")
struct ShardEnvironmentErrorTests {
  @Test("catalogue case", arguments: ["sweep-shard-env-not-a-number", "sweep-shard-env-out-of-range"])
  func environmentCase(slug: String) throws {
    let folder = "Tests/Fixtures/errors/\(slug)"
    let root = packageRoot.appendingPathComponent(folder).path
    let out = temporaryPath("out")
    var fields: [String: String] = [:]
    for line in try read("\(root)/case.txt").split(separator: "\n") {
      let parts = line.split(separator: ":", maxSplits: 1)
      fields[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces)
    }
    let arguments = fields["command"]!.replacingOccurrences(of: "{case}", with: folder)
      .replacingOccurrences(of: "{out}", with: out).split(separator: " ").map(String.init)
    var environment = ProcessInfo.processInfo.environment
    environment["SLURM_ARRAY_TASK_ID"] = nil
    environment["JOB_COMPLETION_INDEX"] = nil
    for line in try read("\(root)/env.txt").split(separator: "\n") {
      let kv = line.split(separator: "=", maxSplits: 1)
      environment[String(kv[0])] = String(kv[1])
    }
    let process = Process()
    process.executableURL = try bonesimExecutable()
    process.arguments = arguments
    process.environment = environment
    process.currentDirectoryURL = packageRoot
    let err = Pipe()
    process.standardError = err
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == Int32(fields["exit"]!))
    // The message between "error: " and the help pointer, whichever way the CLI frames it.
    let expected = try read("\(root)/stderr.txt")
    let message = expected.replacingOccurrences(of: "error: ", with: "")
      .replacingOccurrences(of: " (see 'bonesim sweep --help')\n", with: "")
    #expect(stderr.contains(message), "stderr: \(stderr)")
    #expect(!FileManager.default.fileExists(atPath: out))
  }
}
