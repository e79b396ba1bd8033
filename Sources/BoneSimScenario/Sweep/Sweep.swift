import BoneSimCore
import Foundation

/// A sweep: one base scenario and axes of values for scenario fields or parameters, combined
/// into design points by a grid, a zip or a Latin hypercube.
public struct Sweep: Sendable {
  public enum Method: String, Sendable, CaseIterable {
    /// Every combination (first axis varies slowest).
    case grid
    /// The i-th value of every axis together (axes of equal length).
    case zip
    /// `samples` points, each axis split into `samples` equal strata used once each.
    case latinHypercube = "latin_hypercube"
  }

  public enum Target: Sendable, Hashable {
    /// A scenario parameter override (`parameters.<name>` of the scenario).
    case parameter(String)
    /// A dotted path into the scenario file (`arms.hrt.dosing.0.dose`; numbers index lists).
    case field([String])
  }

  public struct Axis: Sendable {
    public var target: Target
    /// Values as they would be written in the file (grid, zip).
    public var values: [String]
    /// Range for a Latin hypercube.
    public var range: ClosedRange<Double>?
    public var logScale: Bool
    /// Appended to sampled numbers (`"10 mg"`).
    public var unit: String?
    /// Round sampled numbers to whole numbers.
    public var integer: Bool
    public var position: SourcePosition

    /// Column name in design.csv.
    public var label: String {
      switch target {
      case .parameter(let p): return "parameters.\(p)"
      case .field(let path): return path.joined(separator: ".")
      }
    }
  }

  /// Base scenario: a path relative to the sweep file, or a standard scenario name.
  public var scenario: String
  public var method: Method
  public var samples: Int
  public var seed: UInt64
  public var axes: [Axis]
  /// Where `scenario:` is written (for a base scenario that cannot be found).
  public var scenarioPosition: SourcePosition?

  /// Stream of `PatientRandom` for Latin-hypercube draws (patient id = axis index).
  public static let latinHypercubeStream: UInt32 = 3

  /// Design points: for each, one value (file text) per axis.
  public func designPoints() -> [[String]] {
    switch method {
    case .grid:
      var points: [[String]] = [[]]
      for axis in axes {
        points = points.flatMap { p in axis.values.map { p + [$0] } }
      }
      return points
    case .zip:
      let n = axes.first?.values.count ?? 0
      return (0..<n).map { i in axes.map { $0.values[i] } }
    case .latinHypercube:
      var columns: [[String]] = []
      for (j, axis) in axes.enumerated() {
        let random = PatientRandom(seed: seed, patient: j, stream: Self.latinHypercubeStream)
        var strata = Array(0..<samples)
        // Fisher–Yates with draws 0 ..< samples; jitter within strata with draws samples ..< 2·samples.
        for i in stride(from: samples - 1, to: 0, by: -1) {
          let k = Int(random.uniform(UInt32(i)) * Double(i + 1))
          strata.swapAt(i, Swift.min(k, i))
        }
        let range = axis.range ?? 0...1
        columns.append(
          (0..<samples).map { i in
            let u = (Double(strata[i]) + random.uniform(UInt32(samples + i))) / Double(samples)
            var v: Double
            if axis.logScale {
              v = Foundation.exp(Foundation.log(range.lowerBound) + u * (Foundation.log(range.upperBound) - Foundation.log(range.lowerBound)))
            } else {
              v = range.lowerBound + u * (range.upperBound - range.lowerBound)
            }
            if axis.integer { v = v.rounded() }
            // Decoding bounds integer axes to ±maxExactInteger, so the conversion is exact.
            let text = axis.integer ? (Int(exactly: v).map(String.init) ?? v.description) : v.description
            return axis.unit.map { "\(text) \($0)" } ?? text
          })
      }
      return (0..<samples).map { i in columns.map { $0[i] } }
    }
  }

  /// Design points `range` of shard `index` (1-based) of `count`: contiguous and in order.
  public static func shardRange(points: Int, index: Int, count: Int) -> Range<Int> {
    // In 128 bits: `index · points` overflows Int for a shard count near Int.max.
    func bound(_ i: Int) -> Int { count.dividingFullWidth(i.multipliedFullWidth(by: points)).quotient }
    return bound(index - 1)..<bound(index)
  }

  /// The base tree with one design point's values written in.
  public func apply(_ point: [String], to root: ScenarioNode) throws -> ScenarioNode {
    let log = IssueLog()
    var node = root
    for (axis, value) in zip(axes, point) {
      let path: [String]
      switch axis.target {
      case .parameter(let p): path = ["parameters", p]
      case .field(let f): path = f
      }
      node = Self.set(value, at: path[...], in: node, axis: axis, log: log, create: true)
    }
    try log.throwIfAny()
    return node
  }

  static func set(_ value: String, at path: ArraySlice<String>, in node: ScenarioNode, axis: Axis, log: IssueLog, create: Bool)
    -> ScenarioNode
  {
    guard let key = path.first else { return .scalar(value, axis.position) }
    let rest = path.dropFirst()
    switch node {
    case .mapping(var entries, let p):
      if let i = entries.firstIndex(where: { $0.key == key }) {
        entries[i].value = set(value, at: rest, in: entries[i].value, axis: axis, log: log, create: create)
      } else if rest.isEmpty || key == "parameters" {
        let child: ScenarioNode = rest.isEmpty ? .scalar(value, axis.position) : set(value, at: rest, in: .mapping([], axis.position), axis: axis, log: log, create: create)
        entries.append((key, axis.position, child))
      } else {
        log.report(axis.position, axis.label, "the scenario has no field '\(key)' here\(didYouMean(key, in: entries.map(\.key)))")
      }
      return .mapping(entries, p)
    case .sequence(var items, let p):
      guard let i = Int(key), items.indices.contains(i) else {
        log.report(axis.position, axis.label, "'\(key)' is not an index of a list of \(items.count) items")
        return node
      }
      items[i] = set(value, at: rest, in: items[i], axis: axis, log: log, create: create)
      return .sequence(items, p)
    case .null(let p) where key == "parameters" || rest.isEmpty:
      return set(value, at: path, in: .mapping([], p), axis: axis, log: log, create: create)
    default:
      log.report(axis.position, axis.label, "cannot descend into \(node.kindDescription) at '\(key)'")
      return node
    }
  }
}
