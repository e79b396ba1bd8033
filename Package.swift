// swift-tools-version: 6.1
import PackageDescription

/// Benchmarks (ordo-one/benchmark) join the package only when BONESIM_BENCHMARKS=1, so the
/// engine's build and test suite do not compile the harness. `make bench` sets it.
let withBenchmarks = Context.environment["BONESIM_BENCHMARKS"] == "1"
/// The libFuzzer target of the scenario loader joins only when BONESIM_FUZZ=1
/// (tools/ci/fuzz.sh builds it with AddressSanitizer and libFuzzer's coverage and driver).
let withFuzzing = Context.environment["BONESIM_FUZZ"] == "1"

let package = Package(
  name: "BoneSim",
  products: [
    .executable(name: "bonesim", targets: ["bonesim"]),
    .library(name: "BoneSimCore", targets: ["BoneSimCore"]),
    .library(name: "BoneSimPhysiology", targets: ["BoneSimPhysiology"]),
    .library(name: "BoneSimScenario", targets: ["BoneSimScenario"]),
    .library(name: "BoneSim", targets: ["BoneSim"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
  ],
  targets: [
    // MARK: - System libraries

    /// CBLAS from Debian's `libopenblas-dev`, found through pkg-config (`openblas`).
    .systemLibrary(
      name: "COpenBLAS",
      path: "Sources/COpenBLAS",
      pkgConfig: "openblas",
      providers: [.apt(["libopenblas-dev", "pkg-config"])]
    ),

    // MARK: - Engine

    /// Numbers only: cohort storage, lanes, steppers, time loop, BLAS, random numbers.
    .target(name: "BoneSimCore", dependencies: ["COpenBLAS"]),

    /// Bone biology: published core models and, later, the layers of the full model.
    .target(name: "BoneSimPhysiology", dependencies: ["BoneSimCore"]),

    /// Scenario files: strict YAML decoding with positions, validation against a model's
    /// inputs, regimen expansion into input schedules, cohorts, sweeps.
    .target(
      name: "BoneSimScenario",
      dependencies: ["BoneSimCore", "BoneSimPhysiology", .product(name: "Yams", package: "Yams")]),

    /// Output files: atomic writes, CSV formatting, streaming summaries and paired effects,
    /// manifest with sha256.
    .target(
      name: "BoneSimIO",
      dependencies: [.product(name: "Crypto", package: "swift-crypto")]),

    /// The pipeline: problems in, trajectories and files out.
    .target(
      name: "BoneSim",
      dependencies: [
        "BoneSimCore", "BoneSimPhysiology", "BoneSimIO", "BoneSimScenario", .product(name: "Crypto", package: "swift-crypto"),
      ]),

    // MARK: - Command line

    .executableTarget(
      name: "bonesim",
      dependencies: [
        "BoneSim", "BoneSimIO", "BoneSimPhysiology", "BoneSimScenario",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    // MARK: - Tests

    .testTarget(name: "BoneSimCoreTests", dependencies: ["BoneSimCore"]),
    .testTarget(
      name: "ReferenceTests",
      dependencies: ["BoneSim", "BoneSimPhysiology", "BoneSimCore"],
      exclude: []
    ),
    .testTarget(
      name: "PhysiologyTests",
      dependencies: ["BoneSim", "BoneSimPhysiology", "BoneSimCore"]
    ),
    .testTarget(name: "ValidationTests", dependencies: ["BoneSim"]),
    .testTarget(
      name: "PropertyTests",
      dependencies: ["BoneSim", "BoneSimPhysiology", "BoneSimCore"]
    ),
    .testTarget(
      name: "ScenarioTests",
      dependencies: ["BoneSim", "BoneSimScenario", "BoneSimIO", "BoneSimPhysiology", "BoneSimCore"]
    ),
    .testTarget(
      name: "EndToEndTests",
      dependencies: ["BoneSim", "BoneSimScenario", "BoneSimIO", "BoneSimPhysiology", "BoneSimCore"]
    ),
  ]
)

if withBenchmarks {
  package.dependencies.append(
    .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]))
  package.targets.append(
    .executableTarget(
      name: "CohortStep",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        "BoneSimCore", "BoneSimPhysiology", "BoneSim",
      ],
      path: "Benchmarks/CohortStep",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ))
}

if withFuzzing {
  package.targets.append(contentsOf: [
    .target(name: "CLibFuzzer", path: "Fuzz/CLibFuzzer"),
    .executableTarget(
      name: "FuzzScenarioLoader",
      dependencies: ["BoneSimScenario", "BoneSimPhysiology", "CLibFuzzer"],
      path: "Fuzz/ScenarioLoader"
    ),
  ])
}
