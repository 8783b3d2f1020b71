"""Compares a VACO MJCF model with gymnasium's *-v4 model, field by field, after compiling both.

Usage: compare_models.py OURS.xml GYM_ASSET_NAME   (e.g. hopper.xml)
Prints one line per physics field that differs and the largest difference over all of them;
exits 1 when any physics field differs. Visual-only fields (colours, materials, lights,
cameras, textures, names) are ignored.
"""
import os
import sys

import mujoco
import numpy as np
import gymnasium.envs.mujoco as gm

SKIP_PREFIXES = ("name_", "tex_", "mat_", "light_", "cam_", "vis", "stat", "skin_", "hfield_",
                 "mesh_", "flex_", "text_", "tuple_", "key_", "names", "paths", "plugin",
                 "signature", "buffer")
# ncam: cameras only render; narena: the size of the scratch memory (HalfCheetah's reference
# asks for a larger stack), which changes no number the simulation computes; numeric_*: the
# reference Ant carries a custom "init_qpos" note that neither gymnasium nor we read.
SKIP_FIELDS = {"ncam", "narena", "nnumeric", "nnumericdata", "numeric_adr", "numeric_size", "numeric_data", "geom_rgba", "geom_matid", "site_rgba", "geom_group", "ngeom", "nlight",
               "nmat", "ntex", "ntexdata", "nnames", "nnames_map", "npaths", "nbuffer",
               "body_bvhadr", "body_bvhnum", "bvh_aabb", "bvh_child", "bvh_nodeid", "bvh_depth",
               "nbvh", "nbvhstatic", "nbvhdynamic", "body_geomadr", "body_geomnum",
               "geom_bodyid", "geom_type", "geom_size", "geom_pos", "geom_quat", "geom_rbound",
               "geom_aabb", "geom_contype", "geom_conaffinity", "geom_condim", "geom_friction",
               "geom_solimp", "geom_solref", "geom_margin", "geom_gap", "geom_solmix",
               "geom_priority", "geom_sameframe", "geom_dataid", "geom_user", "nuser_geom",
               "geom_plugin", "geom_fluid", "geom_solmix", "geom_material"}


def compiled_fields(model):
    out = {}
    for field in dir(model):
        if field.startswith("_") or field.startswith(SKIP_PREFIXES) or field in SKIP_FIELDS:
            continue
        try:
            value = getattr(model, field)
        except Exception:
            continue
        if isinstance(value, np.ndarray) and value.dtype.kind in "fiu":
            out[field] = value
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            out[field] = np.asarray(value)
    for field in ("timestep", "gravity", "integrator", "cone", "jacobian", "solver", "iterations",
                  "tolerance", "impratio", "noslip_iterations", "disableflags", "enableflags"):
        out["opt." + field] = np.asarray(getattr(model.opt, field))
    return out


def physical_geoms(model):
    """Geoms that collide (the floor included), in order, with their physical properties."""
    rows = []
    for g in range(model.ngeom):
        rows.append(np.concatenate([
            [model.geom_type[g], model.geom_bodyid[g], model.geom_contype[g],
             model.geom_conaffinity[g], model.geom_condim[g]],
            model.geom_size[g] if model.geom_type[g] != mujoco.mjtGeom.mjGEOM_PLANE else [0, 0, 0],
            model.geom_pos[g], model.geom_quat[g], model.geom_friction[g], model.geom_solimp[g],
            model.geom_solref[g], [model.geom_margin[g], model.geom_gap[g], model.geom_solmix[g]]]))
    return np.array(rows)


def main():
    ours = mujoco.MjModel.from_xml_path(sys.argv[1])
    theirs = mujoco.MjModel.from_xml_path(
        os.path.join(os.path.dirname(gm.__file__), "assets", sys.argv[2]))
    a, b = compiled_fields(ours), compiled_fields(theirs)
    worst, bad, compared = 0.0, 0, 0
    fields = sorted(set(a) | set(b))
    a["geoms"], b["geoms"] = physical_geoms(ours), physical_geoms(theirs)
    for field in ["geoms"] + fields:
        if field not in a or field not in b:
            continue
        x, y = np.asarray(a[field], dtype=np.float64), np.asarray(b[field], dtype=np.float64)
        if x.shape != y.shape:
            print(f"{field}: shape {x.shape} vs {y.shape}")
            bad += 1
            continue
        if x.size == 0:
            continue
        compared += 1
        d = float(np.max(np.abs(x - y)))
        if d != 0.0 or np.any(np.isnan(x) != np.isnan(y)):
            print(f"{field}: max |diff| {d:.3g}")
            bad += 1
            worst = max(worst, d)
    print(f"fields compared: {compared}; differing: {bad}; largest difference: {worst:.3g}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
