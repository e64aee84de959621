"""Reproduce the papers' central comparisons in miniature, on a CPU.

Builds the stand-in pretrained weights a claim needs (tools/
build_standin.py; cached), trains the claim's baseline and method configs
on the built-in synthetic scenes for each seed (finished runs are reused)
and prints a Markdown table of the val mIoU / aAcc, mean ± std over seeds,
with the method's margin over its baseline:

    OMP_NUM_THREADS=2 python tools/analysis_tools/reproduce_claims.py \
        pgg-selfsup-4ep --seeds 0                          # the README's
    python tools/analysis_tools/reproduce_claims.py        # all, 3 seeds

Claims: picie (PiCIE vs k-means, stand-in supervised R18), pgg (PiCIE,
+CAE, +GG, +PGG, +Mod. = PGG + CAE from the stand-in MoCo v2, the PGG
paper's Table 4 chain, with every step's margin), pgg-selfsup (PiCIE vs
PGG + CAE from MoCo v2 trained on the scenes themselves, PGG's fully
self-supervised setting), stego (STEGO vs k-means on the frozen stand-in
ViT); pgg-4ep and pgg-selfsup-4ep train the same rows for 4 of their 10
epochs; pass runs PASS's six stages on the stand-in corpus as
ImageNet-S-50 once per seed (tools/pass_pipeline.py) and scores the
stage-4 labels of the validation images with every pixel foreground, the
same with the pixel attention, and the stage-6 fine-tuned model (mIoU of
the ImageNet-S protocol; no aAcc), reporting each step's margin.
"""
import argparse

from mmusseg.apis.claims import CLAIMS, claim_names, claim_table, run_claim


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('claims', nargs='*', choices=[[], *CLAIMS],
                        help='claims to run (default: all)')
    parser.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    parser.add_argument('--jobs', type=int, default=1,
                        help='runs at a time (each uses one core)')
    parser.add_argument('--work-dir-root', default='work_dirs/claims')
    parser.add_argument('--rows', nargs='+',
                        help='only these rows, by name (e.g. "PGG + CAE")')
    parser.add_argument('--cfg-options', nargs='+', default=[],
                        help='extra key=value options for every run')
    args = parser.parse_args()
    results = {
        name: run_claim(name, args.seeds, args.work_dir_root,
                        cfg_options=args.cfg_options, rows=args.rows,
                        jobs=args.jobs)
        for name in claim_names(args.claims)
    }
    print(claim_table(results))


if __name__ == '__main__':
    main()
