import ArgumentParser
import BoneSim
import Foundation

extension Bonesim {
  struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Join the shard folders of one sweep into one folder.",
      discussion: """
        Checks every shard's manifest.json (same sweep and base scenario sha256, every design \
        point in exactly one shard) and every design point's files against their checksums, \
        then writes --out with the same design.csv, summary.csv and effects.csv a one-process \
        sweep writes, byte for byte. Nothing is written if a check fails (exit 2). --out is \
        built in a staging folder and renamed into place when complete: Ctrl-C (exit 130), \
        SIGTERM (143) or a kill leaves an earlier --out as it was.
        """)

    @Argument(help: "Shard folders written by `bonesim sweep --shard`.")
    var shards: [String]

    @Option(name: .long, help: ArgumentHelp("Folder for the merged sweep.", valueName: "dir"))
    var out: String

    @Flag(name: .long, help: "No message on standard error.")
    var quiet = false

    func validate() throws {
      guard !shards.isEmpty else { throw ValidationError("give at least one shard folder") }
    }

    func run() throws {
      try reportingErrors {
        let points = try SweepMerge.merge(shards: shards, out: out, stop: StopSignal.installed())
        if !quiet { FileHandle.standardError.write(Data("merged \(shards.count) shards, \(points) design points into \(out)/\n".utf8)) }
      }
    }
  }
}
