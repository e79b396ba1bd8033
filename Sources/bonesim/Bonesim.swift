import ArgumentParser
import Foundation
import BoneSim

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
    ]
  )

  /// Parses and runs like `ParsableCommand.main()`, but command-line mistakes (unknown
  /// options, bad values) exit with 2 like every other input error, not 64.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      if exitCode(for: error) == .validationFailure {
        FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
        Foundation.exit(inputErrorExitCode.rawValue)
      }
      exit(withError: error)
    }
  }
}
