import Testing

@testable import BoneSimScenario

/// YAML aliases are refused on the text, before Yams expands them (issue 16, class 5: a 1 kB
/// "billion laughs" file made `bonesim check` grow past 10 GB).
@Suite("YAML aliases are found before they are expanded")
struct YAMLAliasTests {
  @Test("aliases where a value starts are found, with line and column", arguments: [
    ("a: &x 1\nb: *x\n", 2, 4, "x"),
    ("a: &x [1]\nb: [*x, *x]\n", 2, 5, "x"),
    ("a: &x 1\nb: {c: *x}\n", 2, 8, "x"),
    ("a: &x 1\nb:\n  - *x\n", 3, 5, "x"),
    ("a: 'quoted # not a comment'\nb: *y\n", 2, 4, "y"),
  ])
  func found(text: String, line: Int, column: Int, name: String) throws {
    let alias = try #require(ScenarioNode.firstAlias(in: text))
    #expect(alias.line == line && alias.column == column && alias.name == name)
  }

  @Test("stars in text, quotes, comments, block scalars and merge keys are not aliases", arguments: [
    "description: the *real* dose\n",
    "description: '*not an alias*'\n",
    "description: \"*not an alias*\"\n",
    "a: 1  # *comment\n",
    "description: |\n  * a bullet\n  *another\nb: 2\n",
    "description: >-\n  *folded*\n",
    "base: &b {x: 1}\nc:\n  <<: *b\n",
  ])
  func notAliases(text: String) {
    #expect(ScenarioNode.firstAlias(in: text) == nil)
  }

  @Test("a billion-laughs file is refused at its first alias, without expanding it")
  func billionLaughs() throws {
    var text = "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
    for (prev, name) in zip("abcdefgh", "bcdefghi") {
      text += "\(name): &\(name) [" + Array(repeating: "*\(prev)", count: 9).joined(separator: ", ") + "]\n"
    }
    #expect(throws: ScenarioError.self) { try ScenarioNode.parse(text, file: "bomb.yaml") }
    #expect(ScenarioNode.firstAlias(in: text)?.line == 2)
  }
}
