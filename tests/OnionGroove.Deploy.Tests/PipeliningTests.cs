using OnionGroove.TestSupport;

namespace OnionGroove.Deploy.Tests;

/// <summary>
/// Without pipelining, Ansible writes a module and its arguments to a temporary file on the
/// controller before sending it (ActionBase._transfer_data); for oniongroove_secret_file that file
/// holds a key. The real ansible-playbook, with the lookup feeding the module as the roles do, must
/// refuse before anything is sent.
/// </summary>
public sealed class PipeliningTests : IDisposable
{
    private readonly TempDir _tmp = new("og-pipe");

    public void Dispose() => _tmp.Dispose();

    // As the roles do: the key comes from the oniongroove_key lookup (here a command printing a
    // fixed base64 value; the label is passed as $1 and ignored) into oniongroove_secret_file.
    private ExternalProgram.Result Playbook(params (string Key, string Value)[] env)
    {
        var user = ExternalProgram.Run("id", ["-un"]).Stdout.Trim();
        var group = ExternalProgram.Run("id", ["-gn"]).Stdout.Trim();
        const string lookup = "{{ lookup('oniongroove_key', 'news/frontend', command=['sh', '-c', 'echo U0VDUkVUS0VZ', 'sh']) }}";
        File.WriteAllText(_tmp["play.yml"], $$"""
            - hosts: localhost
              connection: local
              gather_facts: false
              tasks:
                - name: Deliver a key
                  oniongroove_secret_file:
                    dest: {{_tmp["key"]}}
                    content_b64: "{{lookup}}"
                    owner: {{user}}
                    group: {{group}}
                  no_log: true
            """);
        var vars = Ansible.Environment(_tmp["local-tmp"]);
        foreach (var (k, v) in env) vars[k] = v;
        return ExternalProgram.Run("ansible-playbook", ["-i", "localhost,", _tmp["play.yml"]], workingDirectory: Ansible.Root,
            timeout: TimeSpan.FromMinutes(2), env: vars);
    }

    [Fact]
    public void With_pipelining_the_key_is_delivered()
    {
        var r = Playbook();
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Equal("SECRETKEY", File.ReadAllText(_tmp["key"]));
    }

    [Theory]
    [InlineData("ANSIBLE_PIPELINING", "False")]
    [InlineData("ANSIBLE_KEEP_REMOTE_FILES", "True")]
    public void Without_pipelining_the_key_task_is_refused_before_anything_is_sent(string variable, string value)
    {
        var r = Playbook((variable, value));
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("refusing to send a key without pipelining", r.Stdout + r.Stderr);
        Assert.False(File.Exists(_tmp["key"]));
        Assert.DoesNotContain("U0VDUkVUS0VZ", r.Stdout + r.Stderr);
        Assert.DoesNotContain("SECRETKEY", r.Stdout + r.Stderr);
    }

    [Fact]
    public void Without_the_action_plugin_the_lookup_refuses_and_the_module_too()
    {
        var r = Playbook(("ANSIBLE_ACTION_PLUGINS", _tmp["no-plugins"]));
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("action plugin is not on this Ansible's action_plugins path", r.Stdout + r.Stderr);
        Assert.False(File.Exists(_tmp["key"]));

        // The module alone (no lookup, no no_log) says why it will not run.
        var m = ExternalProgram.Run("ansible", ["localhost", "-c", "local", "-m", "oniongroove_secret_file", "-a",
            $"dest={_tmp["key"]} content_b64=U0VDUkVUS0VZ owner=nobody group=nogroup"], workingDirectory: Ansible.Root,
            timeout: TimeSpan.FromMinutes(2), env: new Dictionary<string, string>(Ansible.Environment()) { ["ANSIBLE_ACTION_PLUGINS"] = _tmp["no-plugins"] });
        Assert.NotEqual(0, m.ExitCode);
        Assert.Contains("ran without its action plugin", m.Stdout + m.Stderr);
        Assert.False(File.Exists(_tmp["key"]));
    }
}
