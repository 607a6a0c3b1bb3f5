using YamlDotNet.Core;

namespace MindMuscle.Live.Deployment.Tests.Compose;

public sealed class YamlJsonTests
{
    [Fact]
    public void Parse_PlainAndQuotedScalars_TypedByTheCoreSchema()
    {
        const string Yaml = """
            int: 2
            quotedInt: "2"
            bool: true
            quotedNo: "no"
            plainNo: no
            float: 1.5
            nothing: ~
            empty:
            text: redis:6379
            list: [a, 3]
            """;

        var json = YamlJson.Parse(Yaml)!;

        Assert.Equal(
            """{"int":2,"quotedInt":"2","bool":true,"quotedNo":"no","plainNo":"no","float":1.5,"nothing":null,"empty":null,"text":"redis:6379","list":["a",3]}""",
            json.ToJsonString());
    }

    [Fact]
    public void Parse_DuplicateKey_Throws()
    {
        var ex = Assert.ThrowsAny<YamlException>(() => YamlJson.Parse("a: 1\na: 2\n"));

        Assert.Contains("Duplicate key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MergeKey_ThrowsRatherThanMisreading()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => YamlJson.Parse("base: &b {x: 1}\nitem:\n  <<: *b\n"));

        Assert.Contains("Merge keys", ex.Message, StringComparison.Ordinal);
    }
}
