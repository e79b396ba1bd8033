import ArgumentParser
import Foundation

extension Bonesim {
  struct Plot: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Draw the figures of any run or sweep folder (PNG and SVG).",
      discussion: """
        Runs examples/bonesim_figures.py plot (the same module `make figures` uses) with \
        Python: $BONESIM_PYTHON, else examples/.venv/bin/python (`make figures` creates it), \
        else python3 (needs pandas, matplotlib, numpy: examples/requirements.txt). A run \
        gives bmd.png (BMD change per arm and site, effects vs control) and hormones.png; a \
        forecast folder gives forecast.png (each protocol's T-score band per site); a \
        sweep gives heatmap.png over two axes (--axes ROWS COLUMNS, default the first two; \
        other axes held with --fix AXIS=VALUE, default their first value) for one --arm. \
        The script is found from $BONESIM_FIGURES, the current folder or the package root \
        of the executable.
        """)

    @Argument(help: "A folder written by `bonesim run` or `bonesim sweep`.")
    var result: String

    @Option(name: .long, help: ArgumentHelp("Where to write (default RESULT/figures).", valueName: "dir"))
    var out: String?

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Sweep: the two axes of the heat map (rows, then columns).", valueName: "axis"))
    var axes: [String] = []

    @Option(name: .long, help: ArgumentHelp("Sweep: hold another axis at a value.", valueName: "AXIS=VALUE"))
    var fix: [String] = []

    @Option(name: .long, help: "Sweep: the arm whose effect is shown (default: the last non-control arm).")
    var arm: String?

    func validate() throws {
      if !axes.isEmpty && axes.count != 2 { throw ValidationError("--axes takes two axis names; got \(axes.count)") }
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: result, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw ValidationError("'\(result)' is not a folder")
      }
    }

    /// Candidate package roots: the current folder, and the executable's folder and its parents.
    static func roots() -> [URL] {
      var out = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
      var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
      for _ in 0..<5 {
        out.append(dir)
        dir = dir.deletingLastPathComponent()
      }
      return out
    }

    func run() throws {
      let env = ProcessInfo.processInfo.environment
      let fm = FileManager.default
      let script =
        env["BONESIM_FIGURES"]
        ?? Self.roots().map { $0.appendingPathComponent("examples/bonesim_figures.py").path }.first { fm.fileExists(atPath: $0) }
      guard let script else {
        FileHandle.standardError.write(Data("error: cannot find examples/bonesim_figures.py; run from the BoneSim folder or set BONESIM_FIGURES\n".utf8))
        throw inputErrorExitCode
      }
      let root = URL(fileURLWithPath: script).deletingLastPathComponent().deletingLastPathComponent()
      let venv = root.appendingPathComponent("examples/.venv/bin/python").path
      let python = env["BONESIM_PYTHON"] ?? (fm.isExecutableFile(atPath: venv) ? venv : "python3")
      var arguments = [script, "plot", result]
      if let out { arguments += ["--out", out] }
      if !axes.isEmpty { arguments += ["--axes"] + axes }
      for f in fix { arguments += ["--fix", f] }
      if let arm { arguments += ["--arm", arm] }
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = [python] + arguments
      do {
        try process.run()
      } catch {
        FileHandle.standardError.write(Data("error: cannot run \(python): \(error)\n".utf8))
        throw runtimeErrorExitCode
      }
      process.waitUntilExit()
      if process.terminationStatus != 0 { throw ExitCode(process.terminationStatus) }
    }
  }
}
