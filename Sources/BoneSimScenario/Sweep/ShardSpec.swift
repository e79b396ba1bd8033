/// Which shard of a sweep to run: `--shard I/N` (1-based I), or `--shard /N` to take I from
/// the scheduler's environment.
///
/// With `/N`, the 0-based task index is read from `SLURM_ARRAY_TASK_ID` (a Slurm job array),
/// else `JOB_COMPLETION_INDEX` (a Kubernetes Indexed Job), plus `BONESIM_SHARD_OFFSET` if set
/// (for job arrays split because the cluster caps their size); then I = index + 1.
public struct ShardSpec: Sendable, Equatable {
  /// 1-based shard number.
  public var index: Int
  public var count: Int

  public init(index: Int, count: Int) {
    self.index = index
    self.count = count
  }

  /// The whole sweep.
  public static let whole = ShardSpec(index: 1, count: 1)

  /// Variables read for `/N`, in order of precedence.
  public static let indexVariables = ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"]
  public static let offsetVariable = "BONESIM_SHARD_OFFSET"

  /// A shard specification that cannot be used; `description` is the message for the user.
  public struct Invalid: Error, Sendable, CustomStringConvertible {
    public var description: String
  }

  /// Parses `I/N` or `/N`; `environment` supplies the index for `/N`.
  public static func parse(_ text: String, environment: [String: String]) throws -> ShardSpec {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let n = Int(parts[1]), n >= 1 else {
      throw Invalid(description: "--shard must be I/N (1 <= I <= N) or /N (I from the environment), e.g. 2/3; got \(text)")
    }
    if parts[0].isEmpty { return try fromEnvironment(count: n, environment: environment) }
    guard let i = Int(parts[0]), (1...n).contains(i) else {
      throw Invalid(description: "--shard must be I/N with 1 <= I <= N, e.g. 2/3; got \(text)")
    }
    return ShardSpec(index: i, count: n)
  }

  static func fromEnvironment(count n: Int, environment: [String: String]) throws -> ShardSpec {
    guard let name = indexVariables.first(where: { environment[$0] != nil }), let raw = environment[name] else {
      throw Invalid(
        description: "--shard /\(n) takes the shard index from \(indexVariables.joined(separator: " or ")), but neither is set; give --shard I/\(n)")
    }
    guard let task = Int(raw), task >= 0 else {
      throw Invalid(description: "\(name) must be a whole number >= 0 for --shard /\(n); got '\(raw)'")
    }
    var offset = 0
    if let rawOffset = environment[offsetVariable] {
      guard let o = Int(rawOffset), o >= 0 else {
        throw Invalid(description: "\(offsetVariable) must be a whole number >= 0; got '\(rawOffset)'")
      }
      offset = o
    }
    // task and offset are each < n for any usable shard; compare before adding (no overflow).
    guard task < n, offset < n - task else {
      let shown = offset <= Int.max - task - 1 ? "\(task + offset + 1)" : "beyond \(Int.max)"
      throw Invalid(
        description: "--shard /\(n): \(name)=\(task)\(offset > 0 ? " + \(offsetVariable)=\(offset)" : "") gives shard \(shown), but there are only \(n) shards (0-based index must be < \(n))")
    }
    return ShardSpec(index: task + offset + 1, count: n)
  }
}
