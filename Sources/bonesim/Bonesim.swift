import ArgumentParser
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
    subcommands: [Run.self, Check.self, List.self, Sweep.self, Reference.self]
  )
}
