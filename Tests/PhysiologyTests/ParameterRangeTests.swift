import BoneSimPhysiology
import Testing

/// Every parameter has a physical range, and overrides outside it (or breaking an ordering
/// the equations divide by) are refused instead of giving negative concentrations.
@Suite("Parameter ranges")
struct ParameterRangeTests {
  static let tables = [
    "integrated": IntegratedModel.parameterTable, "scheiner2013": Scheiner2013.parameterTable,
    "pivonka2008": Pivonka2008.parameterTable, "lemaire2004": Lemaire2004.parameterTable,
  ]

  @Test("every table value lies in its own range", arguments: tables.keys.sorted())
  func tableValuesInRange(model: String) throws {
    let table = try #require(Self.tables[model])
    for p in table.entries { #expect(p.range.contains(p.value), "\(table.model): \(p.name) = \(p.value) outside \(p.range)") }
    #expect(table.brokenOrdering == nil)
  }

  @Test("a negative value is refused for every parameter that is not a signed quantity", arguments: tables.keys.sorted())
  func negativeValuesRefused(model: String) throws {
    let table = try #require(Self.tables[model])
    for p in table.entries where p.range != .unbounded {
      let negative = -abs(p.value) - 1
      #expect(throws: ParameterError.outOfRange(name: p.name, value: negative, unit: p.unit, range: p.range)) {
        try table.overriding([p.name: negative])
      }
    }
  }

  /// Rates of loss, times, volumes and half-effect concentrations divide or bound the
  /// equations: zero is as unphysical as a negative value.
  @Test("zero is refused for decay rates, clearances, times, volumes and half-effects")
  func zeroRefusedWhereItDivides() throws {
    let table = IntegratedModel.parameterTable
    let dividing = table.entries.filter {
      ["degradation", "clearance", "elimination", "apoptosis", "Time", "volume", "EC50", "IC50", "halfEffect", "affinity"]
        .contains(where: $0.name.contains)
    }
    #expect(dividing.count >= 15)
    for p in dividing {
      #expect(throws: ParameterError.self, "\(p.name) = 0 accepted") { try table.overriding([p.name: 0]) }
    }
  }

  @Test("shares above 1 are refused; 0 and 1 are accepted")
  func sharesBounded() throws {
    let table = IntegratedModel.parameterTable
    for name in ["anastrozole.maxInhibition", "estradiol.aromatizedFraction", "mechanics.accommodatedFraction", "hpg.minimumFunction"] {
      #expect(throws: ParameterError.self) { try table.overriding([name: 1.2]) }
      #expect(try table.overriding([name: 1])[name] == 1)
      #expect(try table.overriding([name: 0])[name] == 0)
    }
  }

  @Test("a time relative to the FMP may be negative or positive")
  func signedQuantity() throws {
    let table = IntegratedModel.parameterTable
    #expect(try table.overriding(["estradiol.lowEstrogenOnset": -3])["estradiol.lowEstrogenOnset"] == -3)
    #expect(try table.overriding(["estradiol.lowEstrogenOnset": 0.5])["estradiol.lowEstrogenOnset"] == 0.5)
    #expect(throws: ParameterError.notFinite(name: "estradiol.lowEstrogenOnset", value: .infinity)) {
      try table.overriding(["estradiol.lowEstrogenOnset": .infinity])
    }
  }

  @Test("an override that puts the HPG floor at or above its threshold is refused; moving both together is not")
  func orderings() throws {
    let table = IntegratedModel.parameterTable
    let threshold = table["hpg.energyThreshold"], floor = table["hpg.energyFloor"]
    #expect(throws: ParameterError.ordering(lower: "hpg.energyFloor", lowerValue: floor, upper: "hpg.energyThreshold", upperValue: floor, allowsEqual: false)) {
      try table.overriding(["hpg.energyThreshold": floor])
    }
    #expect(throws: ParameterError.self) { try table.overriding(["hpg.energyFloor": threshold + 1]) }
    let moved = try table.overriding(["hpg.energyFloor": 20, "hpg.energyThreshold": 25])
    #expect(moved["hpg.energyFloor"] == 20 && moved["hpg.energyThreshold"] == 25)
    #expect(table.brokenOrdering(with: ["mineral.primaryContent": 0.5]) != nil)
    #expect(table.brokenOrdering(with: ["mineral.primaryContent": table["mineral.maxContent"]]) == nil)
  }

  @Test("ranges print as users read them")
  func descriptions() {
    #expect(ParameterRange.positive.description == "> 0")
    #expect(ParameterRange.nonNegative.description == "≥ 0")
    #expect(ParameterRange.fraction.description == "0 to 1")
    #expect(ParameterRange.unbounded.description == "any finite value")
    #expect(ParameterRange.above(10).description == "> 10")
    #expect(!ParameterRange.positive.contains(.nan))
  }
}
