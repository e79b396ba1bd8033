import BoneSimPhysiology
import Foundation
import Testing

/// validation/ensemble/parameter_ensemble.csv (tools/calibrate/ensemble.py, docs/MODEL.md §2.13):
/// parameter sets of the integrated model that the calibration accepted. Each member must be a
/// table the model itself would accept as overrides, and the ensemble must carry uncertainty.
@Suite("Parameter ensemble")
struct ParameterEnsembleTests {
  struct Ensemble {
    let names: [String]
    let members: [Int]
    let values: [[Double]]
  }

  static func load() throws -> Ensemble {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let text = try String(contentsOf: root.appendingPathComponent("validation/ensemble/parameter_ensemble.csv"), encoding: .utf8)
    let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
    let header = try #require(lines.first).split(separator: ",").map(String.init)
    try #require(header.first == "member", "first column is \(header.first ?? "nothing"), not member")
    var members: [Int] = [], values: [[Double]] = []
    for (i, line) in lines.dropFirst().enumerated() {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      try #require(fields.count == header.count, "line \(i + 2) has \(fields.count) fields, the header \(header.count)")
      members.append(try #require(Int(fields[0]), "line \(i + 2): member '\(fields[0])' is not an integer"))
      values.append(try fields.dropFirst().map { try #require(Double($0), "line \(i + 2): '\($0)' is not a number") })
    }
    return Ensemble(names: Array(header.dropFirst()), members: members, values: values)
  }

  @Test("at least 10 members, numbered 1...N")
  func size() throws {
    let ensemble = try Self.load()
    #expect(ensemble.members.count >= 10, "only \(ensemble.members.count) members")
    #expect(ensemble.members == Array(1...max(ensemble.members.count, 1)))
  }

  @Test("every column is a parameter of the integrated model's table, named once")
  func columnsAreParameters() throws {
    let ensemble = try Self.load()
    let table = IntegratedModel.parameterTable
    #expect(!ensemble.names.isEmpty)
    #expect(Set(ensemble.names).count == ensemble.names.count, "a parameter is named twice")
    for name in ensemble.names {
      #expect(table.entry(name) != nil, "\(name) is not a parameter of \(table.model)")
    }
  }

  @Test("every value is finite, inside its parameter's physical range, and keeps the table's orderings")
  func valuesInRange() throws {
    let ensemble = try Self.load()
    let table = IntegratedModel.parameterTable
    for (member, row) in zip(ensemble.members, ensemble.values) {
      var overrides: [String: Double] = [:]
      for (name, value) in zip(ensemble.names, row) {
        let entry = try #require(table.entry(name), "\(name) is not a parameter")
        #expect(value.isFinite, "member \(member): \(name) = \(value)")
        #expect(entry.range.contains(value), "member \(member): \(name) = \(value) outside \(entry.range)")
        overrides[name] = value
      }
      #expect(table.brokenOrdering(with: overrides) == nil, "member \(member) breaks an ordering")
      #expect(throws: Never.self, "member \(member) is refused as overrides") { try table.overriding(overrides) }
    }
  }

  @Test("the members differ: the ensemble has spread in every parameter")
  func spread() throws {
    let ensemble = try Self.load()
    #expect(Set(ensemble.values).count > 1, "all members are identical")
    for (j, name) in ensemble.names.enumerated() {
      let column = ensemble.values.map { $0[j] }
      let low = column.min() ?? 0, high = column.max() ?? 0
      #expect(high > low, "\(name) takes one value (\(low)) in every member")
    }
  }
}
