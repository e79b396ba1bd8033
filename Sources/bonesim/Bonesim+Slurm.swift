import ArgumentParser
import BoneSim
import BoneSimIO
import BoneSimScenario
import Foundation

extension Bonesim {
  struct Slurm: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write a script that runs a sweep on Slurm: job arrays of shards, then a merge job.",
      discussion: """
        Writes DIR/submit.sh (DIR from --out, default results/<sweep file name>_slurm). Run it \
        on the login node: it submits --shards tasks as job arrays of at most --max-array-size \
        tasks (`bonesim sweep --shard /N`, shard I in DIR/shards/I) and a job that runs \
        `bonesim merge` into DIR/merged once every shard succeeded. Paths are made absolute: \
        the cluster must share the file system. See docs/CLUSTER.md.
        """)

    @Argument(help: "Sweep file.")
    var sweep: String

    @Option(name: .long, help: "Number of shards (array tasks).")
    var shards: Int

    @Option(name: .long, help: "Largest job array the cluster accepts (Slurm's MaxArraySize).")
    var maxArraySize = 1000

    @Option(name: .long, help: "Slurm partition.")
    var partition: String?

    @Option(name: .long, help: "Time limit per shard, e.g. 01:00:00.")
    var time: String?

    @Option(name: .long, help: "CPUs per shard (also bonesim --threads).")
    var cpusPerTask = 1

    @Option(name: .long, help: ArgumentHelp("Folder for the script, shards, logs and merged results.", valueName: "dir"))
    var out: String?

    @Flag(name: .long, help: "Shards also write patients.csv and patients_covariates.csv.")
    var perPatient = false

    @OptionGroup var uncertainty: UncertaintyOptions

    func validate() throws {
      guard shards >= 1 else { throw ValidationError("--shards must be at least 1; got \(shards)") }
      guard maxArraySize >= 1 else { throw ValidationError("--max-array-size must be at least 1; got \(maxArraySize)") }
      // One line per job array goes into the script: bound both counts (a huge --shards hung).
      guard shards <= 1_000_000 else { throw ValidationError("--shards must be at most 1000000; got \(shards)") }
      guard (shards - 1) / maxArraySize < 10_000 else {
        throw ValidationError("--shards \(shards) with --max-array-size \(maxArraySize) needs more than 10000 job arrays; raise --max-array-size")
      }
      guard (1...256).contains(cpusPerTask) else { throw ValidationError("--cpus-per-task must be between 1 and 256; got \(cpusPerTask)") }
    }

    func run() throws {
      try reportingErrors {
        let source = try ScenarioSource.resolve(sweep)
        let design = try BoneSimScenario.Sweep.decode(yaml: source.text, file: source.path)
        let points = design.designPoints().count
        if shards > points {
          FileHandle.standardError.write(Data("note: \(shards) shards for \(points) design points: \(shards - points) shards will be empty\n".utf8))
        }
        let stem = PathName.stem(source.path)
        let directory = absolute(out ?? "results/\(stem)_slurm")
        // Paths and options go into a bash script: a control character (a newline ends a comment
        // and starts a command) is refused rather than escaped.
        // The ensemble is read (and checked) here; the shards read it by absolute path.
        let ensemblePath = try uncertainty.loadEnsemble().map { absolute($0.source) }
        let ensemble = ensemblePath.map { ["--parameter-uncertainty", "--ensemble", SlurmScript.quote($0)] } ?? []
        for (what, value) in [("the sweep path", source.path), ("--out", directory), ("--partition", partition ?? ""),
                              ("--time", time ?? ""), ("the bonesim path", executablePath()), ("--ensemble", ensemblePath ?? "")]
        where value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" }) {
          throw ValidationError("\(what) contains a control character (newline, tab, ...), which a Slurm script cannot carry safely: \(value.debugDescription)")
        }
        let script = SlurmScript(
          bonesim: executablePath(), sweep: absolute(source.path), out: directory, shards: shards, maxArraySize: maxArraySize,
          partition: partition, time: time, cpusPerTask: cpusPerTask, sweepFlags: (perPatient ? ["--per-patient"] : []) + ensemble)
        let path = PathName.join(directory, "submit.sh")
        try AtomicFile.write(script.text, to: path)
        chmod(path, 0o755)
        FileHandle.standardError.write(Data("wrote \(path) (\(shards) shards in \(script.arrays.count) array(s)); run: bash \(path)\n".utf8))
      }
    }

    func absolute(_ path: String) -> String {
      URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL.path
    }

    /// This bonesim's absolute path (the script runs the same binary on the compute nodes).
    func executablePath() -> String {
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? absolute(CommandLine.arguments[0])
    }
  }
}
