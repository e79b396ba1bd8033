import ArgumentParser
import Foundation
import BoneSim
import BoneSimIO
import BoneSimPhysiology

@main
struct Bonesim: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bonesim",
    abstract: "Simulate bone remodeling in cohorts of virtual patients.",
    discussion: """
      BoneSim steps many virtual patients at once through a bone-cell model \
      (RANKL-RANK-OPG, TGF-beta, PTH; Pivonka 2008 / Scheiner 2013 lineage) and writes \
      tidy CSV. See README.md and docs/.
      """,
    version: BoneSimVersion.current,
    subcommands: [
      Run.self, Check.self, List.self, Sweep.self, Merge.self, Slurm.self, Validate.self, Reference.self, Calibrate.self, Parameters.self,
      Inputs.self, Plot.self, Forecast.self,
    ]
  )

  /// Parses and runs like `ParsableCommand.main()`, but command-line mistakes (unknown
  /// options, bad values) exit with 2 like every other input error, not 64, with one line
  /// `error: <what is wrong> (see 'bonesim <command> --help')` instead of the usage text.
  static func main() {
    // Testing hook (docs/OUTPUTS.md): BONESIM_FAULT is read once, here; a malformed value stops.
    do { try FaultPoint.validate() } catch {
      FileHandle.standardError.write(Data("error: \(error)\n".utf8))
      Foundation.exit(inputErrorExitCode.rawValue)
    }
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      if exitCode(for: error) == .validationFailure {
        FileHandle.standardError.write(Data(usageErrorLine(message(for: error)).utf8))
        Foundation.exit(inputErrorExitCode.rawValue)
      }
      exit(withError: error)
    }
  }

  /// One line for a command-line mistake: the parser's message(s) joined, and where help is.
  static func usageErrorLine(_ message: String, arguments: [String] = CommandLine.arguments) -> String {
    let names = configuration.subcommands.map { $0._commandName }
    if let first = arguments.dropFirst().first, !first.hasPrefix("-"), !names.contains(first) {
      let hint = nearestSpelling(of: first, in: names).map { " (did you mean '\($0)'?)" } ?? ""
      return "error: unknown command '\(first)'\(hint); commands: \(names.joined(separator: ", ")) (see 'bonesim --help')\n"
    }
    let command = arguments.dropFirst().first.flatMap { names.contains($0) ? "bonesim \($0)" : nil } ?? "bonesim"
    // The parser reads "-5" after "--patients" as an option and says "Missing value": say what
    // was given instead (no bonesim option takes a negative number).
    if message.contains("Missing value for '--") {
      for (option, next) in zip(arguments, arguments.dropFirst()) where option.hasPrefix("--") && !option.contains("=") {
        if next.count > 1, next.hasPrefix("-"), Double(next) != nil {
          return "error: \(option): expected a number that is not negative, found '\(next)' (see '\(command) --help')\n"
        }
      }
    }
    let parts = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    let text = parts.map { $0.hasPrefix("Error: ") ? String($0.dropFirst(7)) : $0 }.joined(separator: "; ")
    return "error: \(text) (see '\(command) --help')\n"
  }
}
