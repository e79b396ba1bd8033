"""Cross-check numbers for the Swift Mori-Tanaka / strain-energy implementation.

Provenance: all material data, the 6x6 Hill tensor P_cyl (``calculate_hill_tensor_cylindrical_inclusion``,
50-point rule over the polar angle) and method (a) come from the PyPI package bone-models 0.1.0
(Scheiner_Model / Scheiner_Parameters, C. Modiz, MIT). Matrices are in the package's 6x6 notation.

psi_bm = 1/2 eps_bm . c_bm . eps_bm,  eps_bm = A_bm inv(C_hom) sigma,
C_hom = f_vas c_vas A_vas + f_bm c_bm A_bm,  A_vas = A_vas0 A_bm,  A_vas0 = inv(I + P_cyl (c_vas - c_bm)),
fractions = percent / 100, sigma = uniaxial sigma_zz in GPa (psi in GPa = GJ/m^3), and
  (a) as coded in bone-models:    A_bm = inv(f_bm  A_vas0 + f_bm I)
  (b) standard Mori-Tanaka:       A_bm = inv(f_vas A_vas0 + f_bm I)
(a) is also evaluated through the package's own calculate_strain_energy_density and asserted equal.

Run:  tools/reference/.venv/bin/python tools/reference/mori_tanaka_check.py
(writes Tests/Fixtures/reference/mori_tanaka_check.txt and prints the same text)
"""
import os

import numpy as np

from bone_models.load_cases.scheiner_load_cases import Scheiner_Load_Case
from bone_models.models.scheiner_model import Scheiner_Model

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "Fixtures", "reference",
                   "mori_tanaka_check.txt")


def fmt(m):
    return "\n".join("  [" + ", ".join(f"{v: .17g}" for v in row) + "]" for row in np.atleast_2d(m))


def psi(P, c_vas, c_bm, f_bm_pct, sigma_zz, standard):
    I = np.eye(6)
    f_bm, f_vas = f_bm_pct / 100, (100 - f_bm_pct) / 100
    A_vas0 = np.linalg.inv(I + P @ (c_vas - c_bm))
    A_bm = np.linalg.inv((f_vas if standard else f_bm) * A_vas0 + f_bm * I)
    C_hom = f_vas * c_vas @ (A_vas0 @ A_bm) + f_bm * c_bm @ A_bm
    eps_macro = np.linalg.solve(C_hom, np.array([0, 0, sigma_zz, 0, 0, 0.0]))
    eps_bm = A_bm @ eps_macro
    return float(0.5 * eps_bm @ c_bm @ eps_bm), float(eps_macro[2])


def main():
    model = Scheiner_Model(Scheiner_Load_Case())
    mech = model.parameters.mechanics
    P = model.calculate_hill_tensor_cylindrical_inclusion()
    c_vas, c_bm = mech.stiffness_tensor_vascular_pores, mech.stiffness_tensor_bone_matrix
    A_vas0 = np.linalg.inv(np.eye(6) + P @ (c_vas - c_bm))
    lines = ["bone-models 0.1.0 Scheiner parameters (GPa):", "c_bm =", fmt(c_bm), "c_vas =", fmt(c_vas),
             "P_cyl (package, 6x6) =", fmt(P), "A_vas0 = inv(I + P_cyl (c_vas - c_bm)) =", fmt(A_vas0), "",
             "sigma_zz = -30e-3 GPa: package load time t <= 50 d; -25e-3 GPa: disuse 50 < t < 2050 d",
             "psi_bm [GPa]; ratio = psi / psi(f_bm=95, sigma=-30e-3, same method); E_zz = macroscopic strain",
             "Note: with prescribed macroscopic stress eps_bm = inv(f_vas c_vas A_vas0 + f_bm c_bm) sigma, so A_bm",
             "cancels and psi (a) == psi (b) up to rounding; only C_hom and the macroscopic strain differ.",
             f"{'f_bm%':>5} {'sigma_zz':>8} {'psi (a) as coded':>23} {'ratio (a)':>19} {'E_zz (a)':>23}"
             f" {'psi (b) standard MT':>23} {'ratio (b)':>19} {'E_zz (b)':>23}"]
    ref = {s: psi(P, c_vas, c_bm, 95, -30e-3, s)[0] for s in (False, True)}
    for sigma, t in ((-30e-3, 0.0), (-25e-3, 100.0)):
        for f_bm in (95, 90, 85, 80):
            (a, ea), (b, eb) = psi(P, c_vas, c_bm, f_bm, sigma, False), psi(P, c_vas, c_bm, f_bm, sigma, True)
            pkg = model.calculate_strain_energy_density(None, None, 100 - f_bm, f_bm, t)
            assert abs(pkg / a - 1) < 1e-12, (pkg, a)
            lines.append(f"{f_bm:>5} {sigma:>8.3g} {a!r:>23} {a / ref[False]!r:>19} {ea!r:>23}"
                         f" {b!r:>23} {b / ref[True]!r:>19} {eb!r:>23}")
    text = "\n".join(lines) + "\n"
    with open(OUT, "w") as f:
        f.write(text)
    print(text, end="")


if __name__ == "__main__":
    main()
