// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "BoneSim",
  products: [
    .executable(name: "bonesim", targets: ["bonesim"]),
    .library(name: "BoneSimCore", targets: ["BoneSimCore"]),
    .library(name: "BoneSimPhysiology", targets: ["BoneSimPhysiology"]),
    .library(name: "BoneSim", targets: ["BoneSim"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
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

    /// Output files: atomic writes, CSV formatting.
    .target(name: "BoneSimIO"),

    /// The pipeline: problems in, trajectories and files out.
    .target(name: "BoneSim", dependencies: ["BoneSimCore", "BoneSimPhysiology", "BoneSimIO"]),

    // MARK: - Command line

    .executableTarget(
      name: "bonesim",
      dependencies: [
        "BoneSim", "BoneSimIO", "BoneSimPhysiology",
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
      name: "PropertyTests",
      dependencies: ["BoneSim", "BoneSimPhysiology", "BoneSimCore"]
    ),
  ]
)
