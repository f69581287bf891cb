/* sk-linkfloor: the least a one-shot search can cost here, for scripts/bench.
 *
 * A program that does nothing but is linked (--no-as-needed) to libxapian,
 * so that starting it loads libxapian, libstdc++ and their dependencies as
 * every Xapian program must. scripts/bench times it as it times
 * `saksok --json`, so the one-shot figures can be read against what process
 * start plus those libraries cost on the machine. Exit status 0.
 */
int main(void)
{
    return 0;
}
