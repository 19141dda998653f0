/**
 * What the changes say when git cannot answer: a folder outside any repository, an unknown ref, a
 * repository without commits, a path that is nowhere; and a file that is not a template.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GitError, GitRepo } from '../../server/src/changes/git';
import { TEMPLATE } from './fixtures';
import { changesUnder, GitFixture, tempDir } from './gitFixture';

describe('changes: errors', () => {
  const run = changesUnder;

  it('says a folder outside any repository is not in a git repository', () => {
    const dir = tempDir('sg-lint-no-git-');
    try {
      fs.writeFileSync(path.join(dir, 'web.yaml'), TEMPLATE);
      assert.deepEqual(run(dir, ['web.yaml']), {
        base: 'HEAD',
        files: [],
        error: 'web.yaml is not in a git repository',
      });
      assert.deepEqual(run(dir, ['.']).error, '. is not in a git repository');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('in a repository', () => {
    let repo: GitFixture;
    beforeEach(() => {
      repo = GitFixture.init();
    });
    afterEach(() => repo.dispose());

    it('says a repository has no commits yet', () => {
      repo.write('web.yaml', TEMPLATE);
      assert.equal(run(repo.dir, ['web.yaml']).error, `the git repository at ${repo.dir} has no commits yet`);
    });

    it('names an unknown ref, and refuses one that looks like an option', () => {
      repo.write('web.yaml', TEMPLATE).commit('template');
      assert.deepEqual(run(repo.dir, ['web.yaml'], 'no-such-branch'), {
        base: 'no-such-branch',
        files: [],
        error: `unknown git ref "no-such-branch" in the repository at ${repo.dir}`,
      });
      assert.equal(run(repo.dir, ['web.yaml'], '--output=x').error, '"--output=x" is not a valid git ref');
      // An empty ref means the default.
      assert.equal(run(repo.dir, ['web.yaml'], ' ').base, 'HEAD');
    });

    it('resolves branches, tags and relative refs', () => {
      repo.write('web.yaml', TEMPLATE).commit('one');
      repo.git('tag', 'v1');
      repo.write('web.yaml', `${TEMPLATE}# two\n`).commit('two');
      for (const ref of ['main', 'v1', 'HEAD~1', 'HEAD^']) {
        const result = run(repo.dir, ['web.yaml'], ref);
        assert.equal(result.error, undefined, ref);
        assert.equal(result.files.length, 1, ref);
      }
    });

    it('says a path that is neither on disk nor in the ref does not exist', () => {
      repo.write('web.yaml', TEMPLATE).commit('template');
      assert.equal(run(repo.dir, ['gone.yaml']).error, 'gone.yaml: no such file or folder, here or in HEAD');
    });

    it('compares a file given by name that is not a template with an error of its own', () => {
      repo.write('web.yaml', TEMPLATE).write('config.yaml', 'name: x\n').commit('files');
      const result = run(repo.dir, ['config.yaml']);
      assert.equal(result.error, undefined);
      assert.deepEqual(
        result.files.map((f) => [f.path, f.error]),
        [['config.yaml', 'not a CloudFormation template in either version']],
      );
    });

    it('reads files inside a subfolder and through a symlinked path to the repository', () => {
      repo.write('deep/er/web.yaml', TEMPLATE).commit('deep');
      repo.write(
        'deep/er/web.yaml',
        TEMPLATE.replace(
          'CidrIp: 10.0.0.0/8\n          Description: ssh',
          'CidrIp: 0.0.0.0/0\n          Description: ssh',
        ),
      );
      const link = `${repo.dir}-link`;
      fs.symlinkSync(repo.dir, link);
      try {
        const result = run(link, ['deep/er/web.yaml']);
        assert.equal(result.error, undefined);
        assert.deepEqual(
          result.files.map((f) => [f.path, f.status, f.added.length, f.removed.length]),
          [['deep/er/web.yaml', 'modified', 1, 1]],
        );
      } finally {
        fs.rmSync(link, { force: true });
      }
    });

    it('git reads a commit’s files and says which it lacks', () => {
      repo.write('a/main.tf', '# a\n').write('a/b/other.tf', '# b\n').write('web.yaml', TEMPLATE);
      const commit = repo.commit('files');
      const git = GitRepo.open(repo.path('a'));
      assert.equal(git.top, repo.dir);
      assert.equal(git.resolve('HEAD'), commit);
      assert.deepEqual(
        git.files(commit, 'a').map((e) => e.path),
        ['a/b/other.tf', 'a/main.tf'],
      );
      assert.deepEqual(
        git.filesIn(commit, 'a').map((e) => e.path),
        ['a/main.tf'],
      );
      assert.equal(git.show(commit, 'a/main.tf'), '# a\n');
      assert.equal(git.show(commit, 'a/missing.tf'), undefined);
      assert.throws(() => git.resolve('nope'), GitError);
    });
  });
});
