// The programs check their own results and exit with status 1 on a wrong one, which fails the
// build before this script runs. What is left to check: that every run happened, where it was
// meant to, and that jlink refused the plotting module for the reason the docs give.
import java.util.regex.Pattern

def log = new File(basedir, 'build.log').text
def image = Pattern.quote(new File(basedir, 'fit-line/target/image').canonicalPath)
def core = 'library in module dev\\.autograd\\.core'
def classPath = 'library on the class path'

def runs = [
    'module path'       : "plain kernels, ${core}, java\\.home (?!.*image).*",
    'module path vector': "vector kernels, ${core}, java\\.home (?!.*image).*",
    'class path'        : "plain kernels, ${classPath}, java\\.home .*",
    'class path vector' : "vector kernels, ${classPath}, java\\.home .*",
    'image'             : "plain kernels, ${core}, java\\.home ${image}",
    'image vector'      : "vector kernels, ${core}, java\\.home ${image}",
]
runs.each { name, tail ->
    def found = (log =~ ('(?m)^ok: fit-line: loss .* in 50 steps, ' + tail + '$')).count
    assert found == 1 : "fit-line, ${name}: expected one 'ok:' line, found ${found}"
}

def chart = '(?m)^ok: loss-chart: loss\\.png \\d+x\\d+, loss\\.svg and loss\\.pdf, library in module ' +
    'dev\\.autograd\\.plot, XChart in automatic module xchart$'
assert (log =~ chart).count == 1 : 'loss-chart: expected one ok: line'

// loss-chart has slf4j-simple on its module path, found through ServiceLoader (fit-line has no
// backend, so SLF4J says so in its part of the log).
def lossChartLog = log.substring(log.indexOf('Building loss-chart'))
assert !lossChartLog.contains('No SLF4J providers were found') : 'slf4j-simple was not found'

// Which automatic module jlink names first (XChart, VectorGraphics2D, PDFBox's) is up to it.
assert log.contains('Error: automatic module cannot be used with jlink: ') :
    'jlink did not refuse com.example.losschart for an automatic module'
assert !new File(basedir, 'loss-chart/target/image/bin/java').exists()
return true
